# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date


class CrmCommissionPlanInput(models.AbstractModel):
    """What decides how a plan pays: the plan itself, its rules, curve,
    bands and targets. The rule of pay integrity, held for each of them:

    - only Commission HR creates, changes and deletes them (sales managers
      read them);
    - nobody changes an input of their own pay: a member of Commission HR
      whom the plan pays (named on it, or a member of one of its teams)
      changes neither it nor its targets, nor anyone their own target;
    - a change never reaches back into a period already approved,
      validated or paid: the pay inputs of a plan that paid such a period
      are kept as they were (a new version of the plan changes them from
      the next open period on), and a target of such a period is kept.

    The superuser (the computation, the install, the demo's generator) is
    not checked. Each model says which plan it governs and what of it a
    locked period settled (:meth:`_locked_records`).
    """

    _name = "crm.commission.plan.input"
    _description = "Commission Plan Input"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_pay_input_change()
        return records

    def write(self, vals):
        self._check_pay_input_change(vals)
        result = super().write(vals)
        # checked again as written: a target moved onto a locked period
        self._check_pay_input_change(vals)
        return result

    def unlink(self):
        self._check_pay_input_change()
        return super().unlink()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _governed_plans(self):
        """The plans these records say how to pay."""
        return self.plan_id

    def _locked_records(self, _vals):
        """The records of these that a change of ``_vals`` (None: their
        creation or deletion) would change behind a locked period."""
        return self.filtered(lambda record: record.plan_id._locked_until())

    def _own_pay_records(self):
        """The records of these that are inputs of the current user's own
        pay."""
        user = self.env.user
        return self.filtered(lambda record: user in record.plan_id._salespeople())

    def _check_pay_input_change(self, vals=None):
        if self.env.su or not self:
            return
        if not self.env.user.has_group("crm_performance.group_commission_hr"):
            raise AccessError(
                self.env._("Only Commission HR sets how commissions are paid.")
            )
        own = self._own_pay_records()
        if own:
            raise UserError(
                self.env._(
                    "%(record)s is an input of your own pay: another member "
                    "of Commission HR changes it.",
                    record=own[0].display_name,
                )
            )
        locked = self._locked_records(vals)
        if locked:
            plan = locked[0]._governed_plans()[:1]
            raise UserError(
                self.env._(
                    "%(record)s decided the pay of periods already approved, "
                    "until %(date)s, and stays as it was: create a new version "
                    "of the plan %(plan)s, effective from the next open period.",
                    record=locked[0].display_name,
                    date=format_date(self.env, plan._locked_until()),
                    plan=plan.display_name,
                )
            )
