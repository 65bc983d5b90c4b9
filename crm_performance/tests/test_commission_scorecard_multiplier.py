# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .commission_common import CommissionCommon, score_bands
from .test_commission_statement import _statement_text


@tagged("post_install", "-at_install")
class TestCommissionScorecardMultiplier(CommissionCommon):
    """June 2026 on the plan "Scored": 10 % of the invoiced revenue, times
    the scorecard multiplier: bands from 0 x0.9, from 60 x1.0, from 80
    x1.1, within 0.8 and 1.2.

    The company's scorecard measures the revenue only (weight 100 %,
    target 4 000): Liu Yang invoices Shenyang Gear 34 bearings at 100 =
    3 400: 85 % of the target, score 85; Guo Qiang invoices Harbin Turbine
    4 field-service days at 500 = 2 000: 50 % of the target, score 50.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["crm.scorecard.template"].create(
            {
                "name": "Revenue only",
                "metric_ids": [
                    Command.clear(),
                    Command.create(
                        {"code": "revenue", "weight": 100.0, "target": 4000.0}
                    ),
                ],
            }
        )
        cls.plan = cls._plan(
            "Scored",
            users=cls.user_commission_user | cls.user_north,
            default_rate=10.0,
            scorecard_multiplier=True,
            scorecard_band_ids=score_bands((0, 0.9), (60, 1.0), (80, 1.1)),
        )
        liu, guo = cls.user_commission_user, cls.user_north
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 3), [(cls.bearing, 34, 100)])
        cls._invoice(
            cls.customer_turbine, guo, date(2026, 6, 5), [(cls.service, 4, 500)]
        )

    def test_scorecard_multiplies_the_commission(self):
        """Liu Yang: score 85, in the band from 80: 340 x 1.1 = 374. Guo
        Qiang: score 50, in the band from 0: 200 x 0.9 = 180. The
        scorecards of June are computed with the commissions."""
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [
                {
                    "commission_before_curve": 340.0,
                    "scorecard_measured": True,
                    "scorecard_score": 85.0,
                    "scorecard_multiplier": 1.1,
                    "commission": 374.0,
                }
            ],
        )
        self.assertRecordValues(
            self._summary_of(period, self.user_north),
            [
                {
                    "commission_before_curve": 200.0,
                    "scorecard_score": 50.0,
                    "scorecard_multiplier": 0.9,
                    "commission": 180.0,
                }
            ],
        )
        scorecards = self.env["crm.salesperson.scorecard"].search(
            [("period_id", "=", period.id)]
        )
        self.assertEqual(
            {card.user_id: card.total_score for card in scorecards}.get(
                self.user_commission_user
            ),
            85.0,
        )
        self.assertEqual(self._compute(period), 0, "computed again, nothing written")

    def test_band_boundaries(self):
        """A band starting at 85 includes Liu Yang's 85: x1.1, 374; one
        starting at 85.01 does not: the band from 60, x1.0, 340."""
        period = self._june()
        liu = self.user_commission_user
        for start, multiplier, commission in ((85.0, 1.1, 374.0), (85.01, 1.0, 340.0)):
            with self.subTest(start=start):
                self.plan.scorecard_band_ids.filtered(
                    lambda band: band.multiplier == 1.1
                ).score_from = start
                self._compute(period)
                self.assertRecordValues(
                    self._summary_of(period, liu),
                    [{"scorecard_multiplier": multiplier, "commission": commission}],
                )

    def test_floor_and_cap(self):
        """Bands of x0.5 below 60 and x1.5 from 60, kept within 0.8 and
        1.2: Liu Yang (85) is paid x1.2, 340 x 1.2 = 408; Guo Qiang (50)
        x0.8, 200 x 0.8 = 160."""
        self.plan.scorecard_band_ids = [
            Command.clear(),
            *score_bands((0, 0.5), (60, 1.5)),
        ]
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            self._summary_of(period, self.user_commission_user),
            [{"scorecard_multiplier": 1.2, "commission": 408.0}],
        )
        self.assertRecordValues(
            self._summary_of(period, self.user_north),
            [{"scorecard_multiplier": 0.8, "commission": 160.0}],
        )

    def test_neutral_without_scorecard(self):
        """Without scorecard metrics nobody has a scorecard: x1.0, 340 and
        200; a plan without the option ignores the scorecards: x1.0 too."""
        self.template.unlink()
        period = self._june()
        self._compute(period)
        self.assertRecordValues(
            period.summary_ids.sorted("commission"),
            [
                {
                    "scorecard_measured": False,
                    "scorecard_score": 0.0,
                    "scorecard_multiplier": 1.0,
                    "commission": 200.0,
                },
                {
                    "scorecard_measured": False,
                    "scorecard_score": 0.0,
                    "scorecard_multiplier": 1.0,
                    "commission": 340.0,
                },
            ],
        )

    def test_plan_without_the_option(self):
        self.plan.scorecard_multiplier = False
        period = self._june()
        self._compute(period)
        self.assertEqual(period.summary_ids.mapped("scorecard_multiplier"), [1.0, 1.0])
        self.assertEqual(sorted(period.summary_ids.mapped("commission")), [200, 340])

    def test_statement_shows_the_scorecard_step(self):
        """340 x 1.1 = 374 on Liu Yang's statement, with the score."""
        period = self._june()
        self._compute(period)
        text = _statement_text(
            self.env(user=self.user_commission_user),
            self._summary_of(period, self.user_commission_user),
        )
        for expected in (
            "Scorecard Multiplier",
            "Scorecard score: 85.00 / 100",
            "\N{MULTIPLICATION SIGN} 1.1000",
            "374.00",
        ):
            self.assertIn(expected, text)

    def test_bad_bands_refused(self):
        hr_plan = self.plan.with_user(self.user_commission_hr)
        for bands, values in (
            ([{"score_from": 90, "multiplier": -0.1}], {}),
            ([{"score_from": 60, "multiplier": 1.05}], {}),
            ([{"score_from": 120, "multiplier": 1.3}], {}),
            ([], {"scorecard_floor": 1.1}),
            ([], {"scorecard_cap": 0.9}),
        ):
            with (
                self.subTest(bands=bands, values=values),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                hr_plan.write(
                    {
                        "scorecard_band_ids": [Command.create(band) for band in bands],
                        **values,
                    }
                )
                hr_plan.flush_recordset()
        self.assertEqual(len(self.plan.scorecard_band_ids), 3, "nothing written")

    def test_salesperson_reads_own_bands_only(self):
        """Ma Lin, on no plan, reads none of the plan's bands."""
        Band = self.env["crm.commission.scorecard.band"]
        self.assertFalse(Band.with_user(self.user_outsider).search([]))
        self.assertEqual(len(Band.with_user(self.user_commission_user).search([])), 3)
