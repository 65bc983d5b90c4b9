# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class CrmCustomerHistoryMixin(models.AbstractModel):
    """What every append-only history of a customer profile records.

    Rows are inserted by the recompute and by the managers' overrides and
    pins, in SQL, with the customer's salesperson that the record rules read;
    nobody edits or deletes them through the ORM, not even as superuser.
    """

    _name = "crm.customer.history.mixin"
    _description = "Customer Profile History"
    _order = "date desc, id desc"

    profile_id = fields.Many2one(
        "crm.customer.profile",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Changed By", readonly=True)
    date = fields.Date(readonly=True)
    salesperson_id = fields.Many2one(
        related="profile_id.user_id", string="Salesperson", store=True, index=True
    )

    # ------------------------------------------------------------------
    # Appending
    # ------------------------------------------------------------------

    @api.model
    def _change_values(self):
        """What this history records of a profile's change: its columns and,
        as SQL over a row of CTE ``changed`` (see :meth:`_changes_cte`) and
        the ``day`` of the change, their values and the condition for a
        row."""
        raise NotImplementedError

    @api.model
    def _changes_cte(self, today):
        """SQL: a CTE appending a row dated ``today`` for each row of CTE
        ``changed`` whose change this history records.

        ``changed`` holds one row per profile written: its id, partner_id,
        company_id and salesperson_id, the class (``class_before``,
        ``abc_class``) and stage (``stage_before``, ``lifecycle_stage_id``,
        ``since_before``) before and after, and whether the class is manual
        and the stage pinned.
        """
        columns, values, condition = self._change_values()
        return SQL(
            """
%(name)s AS (
    INSERT INTO %(table)s (
        profile_id, partner_id, company_id, salesperson_id, date, %(columns)s,
        user_id, create_uid, create_date, write_uid, write_date)
    SELECT id, partner_id, company_id, salesperson_id, day, %(values)s,
           %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM (SELECT changed.*, %(today)s::date AS day FROM changed) changed
     WHERE %(condition)s
)
            """,
            name=SQL.identifier(f"{self._table}_changes"),
            table=SQL.identifier(self._table),
            columns=SQL(", ").join(SQL.identifier(column) for column in columns),
            values=values,
            condition=condition,
            today=today,
            uid=self.env.uid,
            now=SQL("NOW() AT TIME ZONE 'UTC'"),
        )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def write(self, vals):
        if self:
            self.check_access("write")
            raise UserError(
                self.env._("The history of a customer is kept as it was written.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "The history of a customer is kept: archive the customer instead."
            )
        )
