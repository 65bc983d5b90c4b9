# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class CrmLifecycleHistory(models.Model):
    """Append-only: one row each time a customer enters a lifecycle stage."""

    _name = "crm.lifecycle.history"
    _inherit = "crm.customer.history.mixin"
    _description = "Relationship Lifecycle History"

    date = fields.Date(string="Entry Date")
    stage_from_id = fields.Many2one("crm.lifecycle.stage", string="From", readonly=True)
    stage_to_id = fields.Many2one("crm.lifecycle.stage", string="To", readonly=True)
    origin = fields.Selection(
        [("computed", "Computed"), ("manual", "Pinned")], readonly=True
    )
    days_in_previous_stage = fields.Integer(
        readonly=True, help="Days the customer spent in the stage it left."
    )

    @api.model
    def _change_values(self):
        return (
            ("stage_from_id", "stage_to_id", "origin", "days_in_previous_stage"),
            SQL(
                "stage_before, lifecycle_stage_id,"
                " CASE WHEN pinned THEN 'manual' ELSE 'computed' END,"
                " day - since_before"
            ),
            SQL("stage_before IS DISTINCT FROM lifecycle_stage_id"),
        )
