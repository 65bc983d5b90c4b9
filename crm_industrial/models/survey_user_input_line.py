# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError


class SurveyUserInputLine(models.Model):
    """The answers of a customer's satisfaction answer are evidence, as the
    answer is (``survey.user_input._crm_check_evidence``): the survey fills
    them as superuser, nobody edits them by hand."""

    _inherit = "survey.user_input.line"

    @api.model_create_multi
    def create(self, vals_list):
        answers = self.env["survey.user_input"].browse(
            [vals["user_input_id"] for vals in vals_list if vals.get("user_input_id")]
        )
        self._crm_check_evidence(answers)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_evidence(self.user_input_id)
        if vals.get("user_input_id"):
            self._crm_check_evidence(
                self.env["survey.user_input"].browse(vals["user_input_id"])
            )
        return super().write(vals)

    def unlink(self):
        self._crm_check_evidence(self.user_input_id)
        return super().unlink()

    def _crm_check_evidence(self, answers):
        if self.env.su:
            return
        evidence = answers.sudo().filtered("crm_partner_id")
        if evidence:
            raise AccessError(
                self.env._(
                    "The answers of %(answer)s, a customer's satisfaction "
                    "answer, are not changed by hand.",
                    answer=evidence[0].display_name,
                )
            )
