# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

SURVEY_KINDS = [
    ("relationship", "Relationship"),
    ("transactional", "After a delivery"),
]


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    crm_survey_kind = fields.Selection(
        SURVEY_KINDS,
        string="Customer Satisfaction Survey",
        help="Relationship: asked now and then of customers' contacts by a "
        "campaign, with the NPS question. After a delivery: a short rating "
        "asked after a delivery. Answers to these surveys count in the "
        "customers' satisfaction scores when the company sent the invitation.",
    )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _crm_check_sendable(self):
        """Refuse to invite customers to a survey that cannot give scores.

        Odoo's own checks (questions, sections, open survey) first; then a
        relationship survey needs its NPS question.
        """
        self.ensure_one()
        self.check_validity()
        if self.crm_survey_kind == "relationship" and not self.question_ids.filtered(
            lambda question: question.crm_score_role == "nps"
        ):
            raise UserError(
                self.env._(
                    'Survey "%(survey)s" is a relationship survey without an NPS '
                    "question: mark its 'How likely are you to recommend us' "
                    "question (a scale from 0 to 10) as NPS before sending it.",
                    survey=self.title,
                )
            )
        if not self.question_ids.filtered("crm_score_role"):
            raise UserError(
                self.env._(
                    'Survey "%(survey)s" has no NPS or CSAT question: its answers '
                    "would give no satisfaction score.",
                    survey=self.title,
                )
            )

    def _crm_can_send(self):
        """Whether invitations to this survey can go out now, without raising.

        For the invitations sent automatically: a delivery is never refused
        because its survey cannot be sent; the reason is logged.
        """
        self.ensure_one()
        try:
            self.sudo()._crm_check_sendable()
        except UserError as error:
            _logger.info("No satisfaction survey sent: %s", error)
            return False
        return True
