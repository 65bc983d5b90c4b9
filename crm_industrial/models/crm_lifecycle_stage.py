# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

# Stage codes the recompute infers, by side of the relationship.
PROSPECT_CODES = ("target", "potential", "opportunity")
CUSTOMER_CODES = (
    "exploration",
    "formation",
    "growth",
    "maturity",
    "decline",
    "dormant",
    "recovered",
)


class CrmLifecycleStage(models.Model):
    """A stage of the customer relationship lifecycle (客户关系生命周期)."""

    _name = "crm.lifecycle.stage"
    _description = "Relationship Lifecycle Stage"
    _order = "sequence, id"

    _code_unique = models.Constraint("UNIQUE(code)", "A stage code must be unique.")

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [(code, code) for code in (*PROSPECT_CODES, *CUSTOMER_CODES)],
        required=True,
        help="What the recompute infers this stage from; see the description.",
    )
    sequence = fields.Integer(default=10)
    side = fields.Selection(
        [("prospect", "Prospect"), ("customer", "Customer")], required=True
    )
    description = fields.Text(translate=True)
    fold = fields.Boolean(string="Folded in Funnel")
    profile_count = fields.Integer(compute="_compute_profile_count", string="Customers")

    def _compute_profile_count(self):
        counts = dict(
            self.env["crm.customer.profile"]._read_group(
                [("lifecycle_stage_id", "in", self.ids)],
                ["lifecycle_stage_id"],
                ["__count"],
            )
        )
        for stage in self:
            stage.profile_count = counts.get(stage, 0)
