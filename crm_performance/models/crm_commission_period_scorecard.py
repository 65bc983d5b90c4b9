# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCommissionPeriod(models.Model):
    """A commission period also holds its salespeople's scorecards."""

    _inherit = "crm.commission.period"

    scorecard_ids = fields.One2many(
        "crm.salesperson.scorecard", "period_id", string="Scorecards"
    )
    scorecard_count = fields.Integer(compute="_compute_scorecard_count")

    def _compute_scorecard_count(self):
        counts = dict(
            self.env["crm.salesperson.scorecard"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.scorecard_count = counts.get(period, 0)

    def action_compute_scorecards(self):
        """Compute (again) the scorecards of every salesperson of these
        periods' companies."""
        self.check_access("write")
        result = self.env["crm.salesperson.scorecard"].sudo()._compute_periods(self)
        return self.env["crm.salesperson.scorecard"]._recompute_notification(
            result,
            self.env._("Scorecards computed"),
            self.env._("The salespeople's scorecards are up to date."),
        )

    def action_open_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_performance.action_crm_salesperson_scorecard"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {}
        return action
