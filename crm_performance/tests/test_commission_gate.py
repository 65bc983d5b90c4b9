# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from .commission_common import CommissionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionGate(CommissionCommon):
    """Liu Yang's plan pays 4 %, with an NPS gate: a customer scoring below
    0 on at least 3 answers earns 50 % of the rate.

    Counted answers in May 2026 (in the satisfaction window up to June's
    end), and Liu Yang's June invoices of 1 000 each:

    - Shenyang Gear: 2, 3 and 9 (two detractors, one promoter): NPS
      100 x (1 - 2) / 3 = -33.33, gated: 1 000 x 2 % = 20;
    - Nanjing Resin: 1 and 2, NPS -100 but two answers only: 4 % = 40;
    - Harbin Turbine: 10, 10 and 0: NPS 33.33, not gated: 4 % = 40.
    Not counted: Harbin Turbine's uncounted answers of 0.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._liu_yang_plan(
            "Gated",
            default_rate=4.0,
            satisfaction_gate="nps",
            satisfaction_gate_threshold=0.0,
            satisfaction_gate_min_answers=3,
            satisfaction_gate_rate_pct=50.0,
        )
        cls.survey = cls.env["survey.survey"].create({"title": "Account review"})
        for customer, nps, counted in (
            (cls.customer_gear, 2, True),
            (cls.customer_gear, 3, True),
            (cls.customer_gear, 9, True),
            (cls.customer_chem, 1, True),
            (cls.customer_chem, 2, True),
            (cls.customer_turbine, 10, True),
            (cls.customer_turbine, 10, True),
            (cls.customer_turbine, 0, True),
            (cls.customer_turbine, 0, False),
            (cls.customer_turbine, 0, False),
        ):
            cls._answer(customer, nps, counted)
        for customer in (cls.customer_gear, cls.customer_chem, cls.customer_turbine):
            cls._invoice(
                customer,
                cls.user_commission_user,
                date(2026, 6, 10),
                [(cls.service, 1, 1000)],
            )

    @classmethod
    def _answer(cls, customer, nps, counted):
        category = "promoter" if nps >= 9 else "passive" if nps >= 7 else "detractor"
        cls.env["survey.user_input"].sudo().create(
            {
                "survey_id": cls.survey.id,
                "state": "done",
                "end_datetime": datetime(2026, 5, 20, 9, 0),
                "crm_partner_id": customer.id,
                "crm_company_id": cls.company.id,
                "crm_invitation": "campaign",
                "crm_counted": counted,
                "crm_nps": nps,
                "crm_nps_category": category,
            }
        )

    def test_gate_halves_the_rate_of_unhappy_customers(self):
        period = self._june()
        self._compute(period)
        lines = {line.partner_id: line for line in self._lines(period)}
        self.assertRecordValues(
            lines[self.customer_gear],
            [{"rate": 2.0, "amount": 20.0, "is_satisfaction_gated": True}],
        )
        for customer in (self.customer_chem, self.customer_turbine):
            self.assertRecordValues(
                lines[customer],
                [{"rate": 4.0, "amount": 40.0, "is_satisfaction_gated": False}],
            )
        self.assertEqual(period.summary_ids.commission, 100.0)
        self.assertEqual(self._compute(period), 0)

    def test_no_gate_on_the_plan(self):
        self.plan.satisfaction_gate = False
        period = self._june()
        self._compute(period)
        self.assertEqual(self._lines(period).mapped("rate"), [4.0] * 3)
