# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import CommissionCommon


@tagged("post_install", "-at_install")
class TestCommissionRules(CommissionCommon):
    """Liu Yang's plan pays 2 % by default, and by its rules, first match wins:
      10 key accounts 6 %; 20 class A 5 %; 30 new customers 4 %;
      40 Bearings (and its sub-categories) 3 %.

    Changchun Axle Works and Shenyang Gear are customers since January 2024.
    June 2026, one invoice line of 1 000 each:
      Changchun Axle Works, bearings: key account (also class A and
        bearings, but the key-account rule comes first): 6 % = 60.
      Shenyang Gear, service: class A, not a key account: 5 % = 50.
      Harbin Turbine, service: class C, first invoiced on 2 June: new, 4 % = 40.
      Nanjing Resin, bearings (Bearings / Tapered): class B, customer since
        March 2025 (15 months before: not new): 3 % = 30.
      Nanjing Resin, service: no rule, the default 2 % = 20.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._liu_yang_plan(
            "East rules",
            default_rate=2.0,
            rule_ids=[
                Command.create({"sequence": 10, "key_account": "key", "rate": 6.0}),
                Command.create({"sequence": 20, "customer_class": "a", "rate": 5.0}),
                Command.create({"sequence": 30, "customer_type": "new", "rate": 4.0}),
                Command.create(
                    {
                        "sequence": 40,
                        "product_categ_id": cls.categ_bearings.id,
                        "rate": 3.0,
                    }
                ),
            ],
        )
        cls.rule_key, cls.rule_a, cls.rule_new, cls.rule_bearings = cls.plan.rule_ids
        # Changchun Axle Works and Shenyang Gear are customers since 2024
        for customer in (cls.customer_auto, cls.customer_gear):
            cls._invoice(
                customer, cls.user_north, date(2024, 1, 15), [(cls.service, 1, 100)]
            )
        liu = cls.user_commission_user
        day = date(2026, 6, 2)
        cls._invoice(cls.customer_auto, liu, day, [(cls.bearing, 10, 100)])
        cls._invoice(cls.customer_gear, liu, day, [(cls.service, 1, 1000)])
        cls._invoice(cls.customer_turbine, liu, day, [(cls.service, 1, 1000)])
        cls._invoice(cls.customer_chem, liu, day, [(cls.bearing, 10, 100)])
        cls._invoice(cls.customer_chem, liu, day, [(cls.service, 1, 1000)])

    def _by_customer(self, period):
        return {
            (line.partner_id, line.product_categ_id): line
            for line in self._lines(period)
        }

    def test_first_matching_rule_gives_the_rate(self):
        period = self._june()
        self._compute(period)
        lines = self._by_customer(period)
        expected = [
            (self.customer_auto, self.categ_tapered, self.rule_key, 6.0, 60.0),
            (self.customer_gear, self.categ_service, self.rule_a, 5.0, 50.0),
            (self.customer_turbine, self.categ_service, self.rule_new, 4.0, 40.0),
            (self.customer_chem, self.categ_tapered, self.rule_bearings, 3.0, 30.0),
            (
                self.customer_chem,
                self.categ_service,
                self.env["crm.commission.rule"],
                2.0,
                20.0,
            ),
        ]
        self.assertEqual(len(lines), len(expected))
        for customer, category, rule, rate, amount in expected:
            with self.subTest(customer=customer.name, category=category.name):
                line = lines[customer, category]
                self.assertEqual(line.rule_id, rule)
                self.assertEqual(line.rate, rate)
                self.assertEqual(line.amount, amount)

    def test_flags_read_by_the_rules(self):
        period = self._june()
        self._compute(period)
        lines = self._by_customer(period)
        auto = lines[self.customer_auto, self.categ_tapered]
        turbine = lines[self.customer_turbine, self.categ_service]
        chem = lines[self.customer_chem, self.categ_service]
        self.assertEqual(
            (auto.customer_class, auto.is_key_account, auto.is_new_customer),
            ("a", True, False),
        )
        self.assertEqual(
            (turbine.customer_class, turbine.is_key_account, turbine.is_new_customer),
            ("c", False, True),
        )
        self.assertEqual(
            (chem.customer_class, chem.is_key_account, chem.is_new_customer),
            ("b", False, False),
        )

    def test_order_of_the_rules_decides(self):
        """Class A before key accounts: Changchun Axle Works now earns 5 % = 50."""
        self.rule_a.sequence = 5
        period = self._june()
        self._compute(period)
        line = self._by_customer(period)[self.customer_auto, self.categ_tapered]
        self.assertEqual((line.rule_id, line.amount), (self.rule_a, 50.0))

    def test_new_for_longer(self):
        """New for 24 months: Nanjing Resin (since March 2025, 15 months) is
        new too: its service line now earns the new customers' 4 % = 40; its
        bearings too, the new-customer rule coming before Bearings."""
        self.plan.new_customer_months = 24
        period = self._june()
        self._compute(period)
        lines = self._by_customer(period)
        self.assertEqual(lines[self.customer_chem, self.categ_service].amount, 40.0)
        self.assertEqual(lines[self.customer_chem, self.categ_tapered].amount, 40.0)

    def test_existing_customers(self):
        """A rule for existing customers at 1 % before all the others: every
        customer but Harbin Turbine earns 1 %."""
        self.plan.rule_ids = [
            Command.create({"sequence": 1, "customer_type": "existing", "rate": 1.0})
        ]
        period = self._june()
        self._compute(period)
        amounts = {line.partner_id: line.amount for line in self._lines(period)}
        self.assertEqual(amounts[self.customer_turbine], 40.0)
        for customer in (self.customer_auto, self.customer_gear, self.customer_chem):
            self.assertEqual(amounts[customer], 10.0)

    def test_changed_rate_rewrites_only_its_lines(self):
        """Bearings at 3.5 %: one line changes (35) and the summary: 2 rows."""
        period = self._june()
        self._compute(period)
        self.rule_bearings.rate = 3.5
        self.assertEqual(self._compute(period), 2)
        line = self._by_customer(period)[self.customer_chem, self.categ_tapered]
        self.assertEqual(line.amount, 35.0)
        # 60 + 50 + 40 + 35 + 20
        self.assertEqual(period.summary_ids.commission, 205.0)
