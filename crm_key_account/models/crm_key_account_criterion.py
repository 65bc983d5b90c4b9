# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Criteria measured from the customer profile; the others are rated by people.
MEASURED_SOURCES = [
    ("revenue", "Revenue (12 months)"),
    ("margin", "Gross margin (12 months)"),
    ("growth", "Revenue trend"),
    ("class", "ABC class"),
]
SOURCES = [*MEASURED_SOURCES, ("rated", "Rated 1-5 by people")]

# 0-100 points of an ABC class
CLASS_POINTS = {"a": 100.0, "b": 50.0, "c": 0.0}


def rating_points(rating):
    """0-100 points of a 1-5 rating: 1 is 0, 5 is 100."""
    return (int(rating) - 1) * 25.0


def weighted_score(components):
    """Weighted mean of (weight, points) pairs whose points are known.

    Components without points (``None``) are left out and the remaining
    weights rescaled; ``None`` when no component is known or no weight is set.
    """
    known = [(weight, points) for weight, points in components if points is not None]
    total_weight = sum(weight for weight, _points in known)
    if not total_weight:
        return None
    return sum(weight * points for weight, points in known) / total_weight


class CrmKeyAccountCriterion(models.Model):
    """A criterion a company selects its key accounts by, with its weight."""

    _name = "crm.key.account.criterion"
    _description = "Key Account Selection Criterion"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source = fields.Selection(
        SOURCES,
        required=True,
        default="rated",
        help="Measured criteria are read from the customer's figures (its "
        "percentile among the company's customers, or its class); rated "
        "criteria are scored 1 to 5 by people, with a comment.",
    )
    weight = fields.Float(
        digits=(16, 1),
        default=10.0,
        help="Relative weight of the criterion in the selection score. The "
        "score is the weighted mean of the criteria that have a value, so the "
        "weights need not add up to 100.",
    )
    description = fields.Text(
        translate=True, help="What a rating of 1 and of 5 mean for this criterion."
    )

    _weight_positive = models.Constraint(
        "CHECK(weight >= 0)", "A criterion's weight cannot be negative."
    )


class CrmKeyAccountRating(models.Model):
    """A person's 1-5 rating of a nominated customer on a rated criterion."""

    _name = "crm.key.account.rating"
    _description = "Key Account Selection Rating"
    _order = "key_account_id, criterion_id"

    key_account_id = fields.Many2one(
        "crm.key.account", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="key_account_id.company_id", store=True)
    criterion_id = fields.Many2one(
        "crm.key.account.criterion",
        required=True,
        ondelete="restrict",
        domain="[('source', '=', 'rated'), ('company_id', '=', company_id)]",
    )
    rating = fields.Selection(
        [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")],
        required=True,
    )
    comment = fields.Char(help="Why this rating: the evidence behind it.")

    _criterion_unique = models.Constraint(
        "UNIQUE(key_account_id, criterion_id)",
        "A nomination rates each criterion once.",
    )

    @api.constrains("criterion_id", "key_account_id")
    def _check_criterion_rated(self):
        for rating in self:
            if rating.criterion_id.source != "rated":
                raise ValidationError(
                    self.env._(
                        "%(criterion)s is measured from the customer's figures: "
                        "it cannot be rated by hand.",
                        criterion=rating.criterion_id.name,
                    )
                )
            if rating.criterion_id.company_id != rating.key_account_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(criterion)s is a criterion of another company.",
                        criterion=rating.criterion_id.name,
                    )
                )
