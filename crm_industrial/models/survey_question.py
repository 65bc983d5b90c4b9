# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .satisfaction_rules import CSAT_MAX, CSAT_MIN, NPS_MAX, NPS_MIN

SCORE_ROLES = [("nps", "NPS"), ("csat", "CSAT")]
CSAT_DIMENSIONS = [
    ("product_quality", "Product quality"),
    ("delivery", "Delivery"),
    ("technical_support", "Technical support"),
    ("salesperson", "Salesperson"),
    ("price_value", "Price / value"),
    ("sales_process", "Sales process"),
    ("responsiveness", "Responsiveness"),
]
# what the salesperson's own work decides; product quality and delivery
# belong to key-account and operations work
SALESPERSON_CONTROLLED_DIMENSIONS = ("salesperson", "sales_process", "responsiveness")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    crm_score_role = fields.Selection(
        SCORE_ROLES,
        string="Satisfaction Score",
        help="NPS: the 0-10 question 'how likely are you to recommend us'. "
        "CSAT: a 1-5 rating of one dimension of our service. Only marked "
        "questions count in the customers' satisfaction scores.",
    )
    crm_csat_dimension = fields.Selection(
        CSAT_DIMENSIONS,
        string="CSAT Dimension",
        help="What of our service this CSAT question rates.",
    )
    crm_salesperson_controlled = fields.Boolean(
        string="Controlled by the Salesperson",
        compute="_compute_crm_salesperson_controlled",
        store=True,
        readonly=False,
        help="The salesperson's own work decides this rating (the sales "
        "process, responsiveness, the salesperson); product quality and "
        "delivery belong to key-account and operations work.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("crm_score_role", "crm_csat_dimension")
    def _compute_crm_salesperson_controlled(self):
        for question in self:
            question.crm_salesperson_controlled = (
                question.crm_score_role == "csat"
                and question.crm_csat_dimension in SALESPERSON_CONTROLLED_DIMENSIONS
            )

    @api.onchange("crm_score_role")
    def _onchange_crm_score_role(self):
        """A scale of the role's range; a dimension for CSAT questions only."""
        if self.crm_score_role:
            self.question_type = "scale"
        if self.crm_score_role == "nps":
            self.scale_min, self.scale_max = NPS_MIN, NPS_MAX
        elif self.crm_score_role == "csat":
            self.scale_min, self.scale_max = CSAT_MIN, CSAT_MAX
        if self.crm_score_role != "csat":
            self.crm_csat_dimension = False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(
        "crm_score_role",
        "crm_csat_dimension",
        "question_type",
        "scale_min",
        "scale_max",
        "survey_id",
    )
    def _check_crm_score_role(self):
        for question in self.filtered("crm_score_role"):
            question._check_crm_scale()
        for question in self.filtered("crm_csat_dimension"):
            if question.crm_score_role != "csat":
                raise ValidationError(
                    self.env._(
                        "Only CSAT questions rate a dimension; question "
                        '"%(question)s" is not a CSAT question.',
                        question=question.title,
                    )
                )
        for survey in self.filtered("crm_score_role").survey_id:
            marked = survey.question_ids.filtered("crm_score_role")
            if len(marked.filtered(lambda q: q.crm_score_role == "nps")) > 1:
                raise ValidationError(
                    self.env._(
                        'Survey "%(survey)s" has more than one NPS question: '
                        "mark only one question as NPS.",
                        survey=survey.title,
                    )
                )
            dimensions = marked.filtered(lambda q: q.crm_score_role == "csat").mapped(
                "crm_csat_dimension"
            )
            if len(dimensions) != len(set(dimensions)):
                raise ValidationError(
                    self.env._(
                        'Survey "%(survey)s" rates one CSAT dimension in more '
                        "than one question: each dimension is asked once.",
                        survey=survey.title,
                    )
                )

    def _check_crm_scale(self):
        """The scale an NPS (0-10) or CSAT (1-5, with a dimension) question needs."""
        self.ensure_one()
        if self.crm_score_role == "nps":
            if (self.question_type, self.scale_min, self.scale_max) != (
                "scale",
                NPS_MIN,
                NPS_MAX,
            ):
                raise ValidationError(
                    self.env._(
                        'The NPS question "%(question)s" must be a scale from '
                        "%(low)s to %(high)s.",
                        question=self.title,
                        low=NPS_MIN,
                        high=NPS_MAX,
                    )
                )
            return
        if (self.question_type, self.scale_min, self.scale_max) != (
            "scale",
            CSAT_MIN,
            CSAT_MAX,
        ):
            raise ValidationError(
                self.env._(
                    'The CSAT question "%(question)s" must be a scale from '
                    "%(low)s to %(high)s.",
                    question=self.title,
                    low=CSAT_MIN,
                    high=CSAT_MAX,
                )
            )
        if not self.crm_csat_dimension:
            raise ValidationError(
                self.env._(
                    'The CSAT question "%(question)s" needs the dimension it rates.',
                    question=self.title,
                )
            )
