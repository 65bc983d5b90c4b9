# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from . import pay_curve


class CrmCommissionTier(models.Model):
    """A plan's tiers as its pay curve: the bands the curve reads, and why
    they do not make a curve of the plan's kind (steps that leave a gap or
    overlap, levels at the same attainment)."""

    _inherit = "crm.commission.tier"

    def _curve_bands(self, kind):
        """These tiers as the bands of a pay curve of ``kind`` (steps or
        levels)."""
        return tuple(
            pay_curve.Band(
                tier.from_pct,
                (tier.to_pct or None) if kind == "steps" else None,
                tier.multiplier,
            )
            for tier in self
        )

    def _curve_error(self, plan):
        """Why these tiers, ``plan``'s, do not make a pay curve of its kind,
        or ``None``."""
        bands = self._curve_bands(plan.curve_type)
        if plan.curve_type == "levels":
            points = [band.from_pct for band in bands]
            if len(points) != len(set(points)):
                return self.env._(
                    "Two levels of the pay curve of %(plan)s have the same attainment.",
                    plan=plan.name,
                )
            return None
        problem = pay_curve.step_problem(bands)
        return self._step_problem_message(plan, problem) if problem else None

    def _step_problem_message(self, plan, problem):
        """Why the steps of ``plan`` are refused: a message per kind of
        :func:`pay_curve.step_problem`."""
        kind, band, *rest = problem
        if kind == "start":
            return self.env._(
                "The steps of %(plan)s must start at 0 %% attainment, not at "
                "%(start)s %%.",
                plan=plan.name,
                start=band.from_pct,
            )
        if kind == "open":
            return self.env._(
                "Only the last step of %(plan)s may be open-ended (the one from "
                "%(start)s %%).",
                plan=plan.name,
                start=band.from_pct,
            )
        if kind == "empty":
            return self.env._(
                "A step of %(plan)s ends at %(end)s %%, not after it starts "
                "(%(start)s %%).",
                plan=plan.name,
                start=band.from_pct,
                end=band.to_pct,
            )
        if kind == "gap":
            return self.env._(
                "The steps of %(plan)s leave a gap between %(end)s %% and %(next)s %%.",
                plan=plan.name,
                end=band.to_pct,
                next=rest[0].from_pct,
            )
        return self.env._(
            "The steps of %(plan)s overlap between %(next)s %% and %(end)s %%.",
            plan=plan.name,
            end=band.to_pct,
            next=rest[0].from_pct,
        )
