# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .satisfaction_common import SatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionTour(SatisfactionCommon, HttpCase):
    """Changchun Axle Works' contacts answered NPS 10, 9, 7 and 3 last month.

    Zhou Jie, invited too, answers through his link: 9, with product quality
    5, deliveries 4 and a comment. Five answers then: promoters 10, 9 and 9,
    passive 7, detractor 3: (3 - 1) / 5 = 40; shares 0.6 and 0.2, margin
    196 x sqrt((0.8 - 0.4²) / 5) = 196 x sqrt(0.128) = 196 x 0.3578 = 70.1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.axles = cls._customer("Changchun Axle Works", cls.user_salesman)
        last_month = fields.Date.today() - relativedelta(months=1)
        for nps in (10, 9, 7, 3):
            cls._answer(cls.axles, last_month.isoformat(), nps=nps)
        cls.invitation = cls._invite(
            cls._contact(cls.axles, "Zhou Jie"), last_month.isoformat()
        )

    def test_a_contact_answers_and_the_manager_sees_the_score(self):
        self.start_tour(
            self.invitation.get_start_url(), "crm_industrial_satisfaction_answer"
        )
        self.assertEqual(self.invitation.state, "done")
        self.assertTrue(self.invitation.crm_counted)
        self.assertEqual(self.invitation.crm_nps, 9)
        self.assertAlmostEqual(self.invitation.crm_csat_avg, 4.5)
        self._recompute(fields.Date.today())
        self.start_tour(
            f"/odoo/res.partner/{self.axles.id}",
            "crm_industrial_satisfaction_score",
            login=self.user_sales_manager.login,
        )
