# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import COMMISSION_USER
from .scorecard_common import ScorecardCommon


@tagged("post_install", "-at_install")
class TestScorecardQueries(ScorecardCommon):
    """Computing a period's scorecards issues the same queries for 2
    salespeople as for 20: their figures in one statement, the account
    plans in a few, the scorecards in one and their lines in one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._june_story()

    def _hire(self, count):
        """``count`` more salespeople in team East, each with a customer
        of their own who bought in June and answered a survey."""
        for number in range(count):
            salesperson = self._new_user(
                f"sc_sales_{number}", f"Salesperson {number}", COMMISSION_USER
            )
            self.team_east.member_ids = [Command.link(salesperson.id)]
            with freeze_time("2025-01-02"):
                customer = self.env["res.partner"].create(
                    {
                        "name": f"Customer {number}",
                        "is_company": True,
                        "user_id": salesperson.id,
                    }
                )
            self._invoice(
                customer, salesperson, date(2026, 6, 3), [(self.bearing, 3, 100)]
            )
            self._answer(customer, salesperson, date(2026, 6, 4), 9, 4)

    def _assert_compute_queries(self, count):
        self._hire(count)
        period = self._june()
        self.env.flush_all()
        self.env.invalidate_all()
        # the period; in a savepoint: lock, template and metrics, the
        # company's time zone, the figures, the account plans, their
        # objectives and key accounts, one statement for the scorecards and
        # one for their lines
        with self.assertQueryCount(__system__=16):
            self._compute(period)
        self.env.invalidate_all()
        # the same statements, and the company and key-account managers
        # read again after the invalidation; nothing written
        with self.assertQueryCount(__system__=19):
            self.assertEqual(self._compute(period), 0)

    def test_queries_for_2_salespeople(self):
        self._assert_compute_queries(2)

    def test_queries_for_20_salespeople(self):
        self._assert_compute_queries(20)
