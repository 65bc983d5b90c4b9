# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_customer_profile import ABC_CLASSES

# partner field -> profile field, shown on the partner form
PROFILE_FIELDS = {
    "customer_abc_class": "abc_class",
    "customer_lifecycle_stage_id": "lifecycle_stage_id",
    "customer_rfm_segment_id": "rfm_segment_id",
    "customer_revenue_12m": "revenue_12m",
    "customer_revenue_trend_pct": "revenue_trend_pct",
    "customer_margin_pct": "margin_pct",
    "customer_last_order_date": "last_order_date",
    "customer_receivable_overdue": "receivable_overdue",
    "customer_profile_currency_id": "currency_id",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_profile_id = fields.Many2one(
        "crm.customer.profile",
        compute="_compute_customer_profile",
        help="The profile of this contact's company in the current company.",
    )
    customer_abc_class = fields.Selection(
        ABC_CLASSES, string="Customer ABC Class", compute="_compute_customer_profile"
    )
    customer_lifecycle_stage_id = fields.Many2one(
        "crm.lifecycle.stage",
        compute="_compute_customer_profile",
    )
    customer_rfm_segment_id = fields.Many2one(
        "crm.rfm.segment",
        string="Customer RFM Segment",
        compute="_compute_customer_profile",
    )
    customer_profile_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_customer_profile",
    )
    customer_revenue_12m = fields.Monetary(
        string="Customer Revenue (12 months)",
        currency_field="customer_profile_currency_id",
        compute="_compute_customer_profile",
    )
    customer_revenue_trend_pct = fields.Float(
        string="Customer Revenue Trend (%)",
        digits=(16, 1),
        compute="_compute_customer_profile",
    )
    customer_margin_pct = fields.Float(
        string="Customer Margin (%)",
        digits=(16, 1),
        compute="_compute_customer_profile",
    )
    customer_last_order_date = fields.Date(
        string="Customer Last Order", compute="_compute_customer_profile"
    )
    customer_receivable_overdue = fields.Monetary(
        string="Customer Overdue Amount",
        currency_field="customer_profile_currency_id",
        compute="_compute_customer_profile",
    )
    ownership_ids = fields.One2many(
        "crm.customer.ownership", "partner_id", string="Ownership History"
    )
    crm_claim_ids = fields.One2many(
        "crm.claim",
        "crm_partner_id",
        string="Complaints",
        help="The complaints of this customer and of its contacts.",
    )
    complaint_score_ids = fields.One2many(
        "crm.complaint.score",
        "partner_id",
        string="Complaint Figures",
        domain=[("scope", "=", "customer")],
    )
    crm_contact_role_id = fields.Many2one(
        "crm.contact.role",
        string="Contact Role",
        index="btree_not_null",
        help="What this contact does at the customer: satisfaction campaigns "
        "can ask the contacts of one role, and the answers are analysed by role.",
    )
    crm_satisfaction_score_ids = fields.Many2many(
        "crm.satisfaction.score",
        string="Satisfaction Scores",
        compute="_compute_crm_satisfaction_score_ids",
        help="The scores of this contact's company in the current company.",
    )
    crm_survey_answer_ids = fields.One2many(
        "survey.user_input",
        "crm_partner_id",
        string="Survey Answers",
        domain=[("state", "=", "done")],
        help="The completed satisfaction survey answers of this customer's contacts.",
    )
    crm_respondent_answer_count = fields.Integer(
        string="Satisfaction Answers Given",
        compute="_compute_crm_respondent_answer_count",
        groups="sales_team.group_sale_manager",
        help="Satisfaction survey answers this contact gave or was invited to.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_customer_profile(self):
        profiles = self.env["crm.customer.profile"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = {profile.partner_id: profile for profile in profiles}
        empty = self.env["crm.customer.profile"]
        for partner in self:
            profile = by_partner.get(partner.commercial_partner_id, empty)
            partner.customer_profile_id = profile
            for partner_field, profile_field in PROFILE_FIELDS.items():
                partner[partner_field] = profile[profile_field]

    @api.depends("commercial_partner_id")
    @api.depends_context("company")
    def _compute_crm_satisfaction_score_ids(self):
        scores = self.env["crm.satisfaction.score"].search(
            [
                ("scope", "=", "customer"),
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = scores.grouped("partner_id")
        empty = self.env["crm.satisfaction.score"]
        for partner in self:
            partner.crm_satisfaction_score_ids = by_partner.get(
                partner.commercial_partner_id, empty
            )

    def _compute_crm_respondent_answer_count(self):
        Answer = self.env["survey.user_input"].sudo()
        counts = dict(
            Answer._read_group(
                Answer._crm_respondent_domain(self), ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.crm_respondent_answer_count = counts.get(partner, 0)

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._record_ownership()
        return partners

    def write(self, vals):
        if "user_id" in vals:
            self._check_salesperson_change(vals["user_id"])
        moving = "parent_id" in vals or "is_company" in vals
        left = self.commercial_partner_id if moving else self.browse()
        res = super().write(vals)
        if "user_id" in vals or moving:
            # checked again as written: a customer made a contact, then a
            # company again with another salesperson, changes owner too
            self._check_owner_recorded_change()
            self._record_ownership()
        if moving:
            (left - self.commercial_partner_id)._stamp_contact_left()
        return res

    def _stamp_contact_left(self):
        """Stamp these customers as written now: a contact of theirs left,
        taking its documents away, and nothing of theirs was written. The
        customer profiles' next run computes the customers written since its
        last (``crm.recompute.mark``)."""
        if not self:
            return
        self.flush_recordset(["write_date"])
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = %s, write_uid = %s WHERE id IN %s",
                self.env.cr.now(),
                self.env.uid,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["write_date", "write_uid"])

    @api.ondelete(at_uninstall=False)
    def _unlink_except_customer_with_history(self):
        """Customers with a history are archived: commissions are paid on it."""
        history_partner_ids = set()
        for model in (
            "crm.customer.ownership",
            "crm.customer.abc.history",
            "crm.lifecycle.history",
        ):
            groups = (
                self.env[model]
                .sudo()
                ._read_group([("partner_id", "in", self.ids)], ["partner_id"])
            )
            history_partner_ids.update(partner.id for [partner] in groups)
        with_history = self.filtered(lambda partner: partner.id in history_partner_ids)
        if with_history:
            raise UserError(
                self.env._(
                    "These customers have an ownership, class or stage history "
                    "and cannot be deleted: %(customers)s. Archive them instead.",
                    customers=", ".join(with_history.mapped("display_name")),
                )
            )

    def _check_salesperson_change(self, user_id):
        """Refuse a change of a customer's salesperson outside the reassignment.

        Only commercial partners are customers: the contacts of a company may
        get another salesperson (see :meth:`_refuse_owner_change` for who
        may).
        """
        new_owner_id = user_id or False
        self._refuse_owner_change(
            self.filtered(
                lambda partner: (
                    partner.commercial_partner_id == partner
                    and partner.user_id.id != new_owner_id
                )
            )
        )

    def _check_owner_recorded_change(self):
        """Refuse, as :meth:`_check_salesperson_change`, a change of the
        salesperson of the customers in ``self`` against their ownership
        history: whatever writes led there, a customer whose open ownership
        names another salesperson than its own changed owner."""
        customers = self.filtered(
            lambda partner: partner.commercial_partner_id == partner
        )
        if not customers:
            return
        recorded = {
            row.partner_id: row.user_id
            for row in self.env["crm.customer.ownership"]
            .sudo()
            .search([("partner_id", "in", customers.ids), ("date_to", "=", False)])
        }
        self._refuse_owner_change(
            customers.filtered(
                lambda partner: (
                    partner in recorded and recorded[partner] != partner.user_id
                )
            )
        )

    def _refuse_owner_change(self, changed):
        """Refuse the change of owner of the customers ``changed`` unless the
        user may: as superuser (a flow that decided so itself, module data),
        a sales manager, or anybody where the customer's company does not
        restrict the change (a customer of no company: where none of the
        user's companies does)."""
        if not changed or self.env.su:
            return
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        restricted = changed.filtered(
            lambda partner: any(
                (partner.company_id or self.env.user.company_ids).mapped(
                    "customer_owner_change_managers_only"
                )
            )
        )
        if restricted:
            raise UserError(
                self.env._(
                    "Only sales managers change a customer's salesperson "
                    "(%(customers)s): ask one to use CRM → Customer Intelligence "
                    "→ Reassign Portfolio.",
                    customers=", ".join(restricted.mapped("display_name")),
                )
            )

    @api.model
    def _customers_of(self, salespeople):
        """The active commercial partners whose salesperson is in ``salespeople``."""
        return self.search(
            [
                ("user_id", "in", salespeople.ids),
                "|",
                ("is_company", "=", True),
                ("parent_id", "=", False),
            ]
        )

    def _record_ownership(self):
        """Keep the ownership history of the commercial partners in ``self``."""
        customers = self.filtered(
            lambda partner: partner.commercial_partner_id == partner
        )
        if customers:
            self.env["crm.customer.ownership"]._record_owners(customers)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_customer_profile(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.customer.profile",
            "res_id": self.customer_profile_id.id,
            "view_mode": "form",
        }

    def action_crm_satisfaction_trend(self):
        """The customer's ratings month by month, in the satisfaction analysis."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_industrial.crm_satisfaction_report_action"
        )
        action.update(
            {
                "domain": [("partner_id", "=", self.commercial_partner_id.id)],
                "context": {
                    "graph_mode": "line",
                    "graph_groupbys": ["date:month", "dimension"],
                    "pivot_row_groupby": ["date:month"],
                    "pivot_column_groupby": ["dimension"],
                },
                "views": [(False, "graph"), (False, "pivot"), (False, "list")],
            }
        )
        return action

    def action_crm_export_survey_answers(self):
        """Download this contact's satisfaction answers (sales managers)."""
        self.ensure_one()
        self.env["survey.user_input"]._crm_check_privacy_manager()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_industrial/survey_answers/{self.id}/export",
            "target": "download",
        }

    def action_crm_remove_survey_answers(self):
        """Delete this contact's satisfaction answers (sales managers)."""
        for partner in self:
            self.env["survey.user_input"]._crm_remove_for(partner)
        return True
