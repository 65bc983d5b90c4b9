# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmKeyAccountPlanCompetitor(models.Model):
    """A competitor of ours on the key account, as the plan sees it."""

    _name = "crm.key.account.plan.competitor"
    _description = "Key Account Plan Competitor"
    _order = "plan_id, estimated_share_pct desc, id"

    _share_bounds = models.Constraint(
        "CHECK(estimated_share_pct >= 0 AND estimated_share_pct <= 100)",
        "A competitor's estimated share lies between 0 % and 100 %.",
    )

    plan_id = fields.Many2one(
        "crm.key.account.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    competitor_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('is_company', '=', True)]",
    )
    product_lines = fields.Char(
        help="The product lines the competitor sells to the customer."
    )
    estimated_share_pct = fields.Float(
        string="Estimated Share (%)",
        digits=(16, 1),
        help="Our estimate of the competitor's share of the customer's "
        "purchases in these product lines.",
    )
    strengths = fields.Text()
    weaknesses = fields.Text()

    def _next_year_values(self):
        self.ensure_one()
        return {
            "competitor_id": self.competitor_id.id,
            "product_lines": self.product_lines,
            "estimated_share_pct": self.estimated_share_pct,
            "strengths": self.strengths,
            "weaknesses": self.weaknesses,
        }
