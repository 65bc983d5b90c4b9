# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import content_disposition, request


class CrmIndustrialSatisfaction(http.Controller):
    @http.route(
        "/crm_industrial/survey_answers/<int:partner_id>/export",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def export_survey_answers(self, partner_id):
        """A contact's satisfaction answers as CSV, for sales managers only."""
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise request.not_found()
        partner.check_access("read")
        filename, content = request.env["survey.user_input"]._crm_export_csv(partner)
        return request.make_response(
            content,
            [
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
