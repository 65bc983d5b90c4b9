# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmClaimStage(models.Model):
    _inherit = "crm.claim.stage"

    crm_resolved = fields.Boolean(
        string="Resolves the Complaint",
        help="A complaint entering this stage is resolved: its resolution time "
        "stops. Moving it back to a stage without this flag reopens it.",
    )
