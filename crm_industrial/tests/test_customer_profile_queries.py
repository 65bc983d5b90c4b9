# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import CrmIndustrialCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestCustomerProfileQueries(CrmIndustrialCommon):
    """The recompute issues the same queries for 10 customers as for 1 000."""

    def _invoice_customers(self, count):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Customer {index}", "is_company": True}
                for index in range(count)
            ]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 5, 1 + index % 28),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Hydraulic valve",
                                "quantity": 1,
                                "price_unit": 100.0 + index,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for index, partner in enumerate(partners)
            ]
        )
        moves.action_post()
        self.env.invalidate_all()

    def test_constant_query_count(self):
        """A company's whole run (profiles, churn risk, retention work,
        satisfaction scores, complaint figures) issues the same queries at 10 customers
        as at 1 000.

        Computing every customer: 50 queries, 8 of them for its mark
        (``crm.recompute.mark``): found, checked, and written with the xids
        of the profiles and activities the run wrote, the counts of its
        sources and the ids of their rows created since its instant, the
        company's marks of earlier days for other scopes deleted; 2 to
        record the window of the satisfaction scores and of the complaint
        figures on the company (the second writes nothing); 2 to turn JIT
        off around the retention statement and back; the
        test's first run 2 more, filling the framework's caches (defaults,
        an xml id). After a mark, a run computes the customers changed
        since: 7 more, to read the mark, find that not all is unchanged
        (its counts, then its changes), check that nothing it cannot tell
        by customer changed, find the customers, check that no user,
        sales team or activity type changed (whose retention work to
        review), and, recording its mark, read which of its sources this
        transaction inserted into or deleted from (only those are counted
        again), at 10 as at 980. The churn risk step (no model here: its
        rows of the company are only checked) adds its own: the company's
        model searched, its statement between the settings that give it
        memory and turn JIT off and back, and, for the mark, the xids of
        the rows it wrote (57, 62 and 55 against 52, 57 and 50 before it,
        the framework's caches cleared first: the tests before this one left
        them in states that differed by 3 queries in the last run)."""
        profiles = self.env["crm.customer.profile"]
        # the framework's caches as a fresh process has them, whatever the
        # tests before this one filled or cleared
        self.registry.clear_all_caches()
        self._invoice_customers(10)
        with self.assertQueryCount(__system__=57):
            profiles._recompute(self.company, today=TODAY)
        self._invoice_customers(10)
        with self.assertQueryCount(__system__=62):
            profiles._recompute(self.company, today=TODAY)
        self._invoice_customers(980)
        with self.assertQueryCount(__system__=62):
            profiles._recompute(self.company, today=TODAY)
        self.env["crm.recompute.mark"].search([]).unlink()
        with self.assertQueryCount(__system__=55):
            profiles._recompute(self.company, today=TODAY)
        self.assertEqual(
            self.env["crm.customer.profile"].search_count(
                [("company_id", "=", self.company.id), ("abc_class", "!=", "none")]
            ),
            1000,
        )
