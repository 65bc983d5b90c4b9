# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date, datetime, time

from odoo import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .satisfaction_common import SatisfactionCommon

DAY = date(2026, 3, 31)


@tagged("post_install", "-at_install")
class TestChurnSnapshot(SatisfactionCommon):
    """Hammer Forge's snapshot at the end of 2026-03-31, by hand.

    Invoiced 1 000 on 2025-01-10, 2025-03-10 (forgings) and 2025-05-10
    (spare parts, of no category), 500 on 2025-12-10 (dies) and 400 on
    2026-02-10 (hammers),
    nothing paid, each due on its day. A
    complaint received on 2026-01-15 that nobody answered (late), one on
    2025-08-01 (more than 6 months before). No order: its dormancy threshold
    is the company's floor, 90 days.

    Deliveries of 10 die blocks (promised, done; no tolerance): D1 promised
    2025-06-10, done 06-09; D2 promised 2025-08-10, done that day (both on
    time and in full, in the 6 months before the last 6); D3 promised
    2025-11-10, done that day (on time, in full); D4 promised 2025-12-10,
    done 12-15 (late); D5 promised 2026-01-20, done that day with 6 of the
    10, the rest given up (not in full); D6 promised 2026-03-20, not
    shipped (late from 03-21).

    Answers to the relationship survey, NPS and two CSAT ratings (product
    quality 2, delivery 3): 9, 10, 3, 5 and 6 from 2025-05-05 to
    2026-02-02, in the 12 months' satisfaction window; a 10 on 2025-03-01,
    before it.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.forge = cls.env["res.partner"].create(
            {
                "name": "Hammer Forge",
                "is_company": True,
                "user_id": cls.user_salesman.id,
            }
        )
        invoices = {
            day: cls._post_customer_document(cls.forge, "out_invoice", amount, day)
            for amount, day in (
                (1000.0, date(2025, 1, 10)),
                (1000.0, date(2025, 3, 10)),
                (1000.0, date(2025, 5, 10)),
                (500.0, date(2025, 12, 10)),
                (400.0, date(2026, 2, 10)),
            )
        }
        categories = cls.env["product.category"].create(
            [{"name": name} for name in ("Forgings", "Dies", "Hammers")]
        )
        products = cls.env["product.product"].create(
            [{"name": categ.name, "categ_id": categ.id} for categ in categories]
            + [{"name": "Spare parts", "categ_id": False}]
        )
        cls.env.flush_all()
        for day, product in (
            (date(2025, 3, 10), products[0]),
            (date(2025, 5, 10), products[3]),
            (date(2025, 12, 10), products[1]),
            (date(2026, 2, 10), products[2]),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE account_move_line SET product_id = %s"
                    " WHERE move_id = %s AND display_type = 'product'",
                    product.id,
                    invoices[day].id,
                )
            )
        for day in (datetime(2025, 8, 1, 9), datetime(2026, 1, 15, 9)):
            cls._complaint(cls.forge, day)
        cls.die_block = cls.env["product.product"].create(
            {"name": "Die block", "type": "consu"}
        )
        for promised, done, delivered in (
            (date(2025, 6, 10), date(2025, 6, 9), 10),
            (date(2025, 8, 10), date(2025, 8, 10), 10),
            (date(2025, 11, 10), date(2025, 11, 10), 10),
            (date(2025, 12, 10), date(2025, 12, 15), 10),
            (date(2026, 1, 20), date(2026, 1, 20), 6),
        ):
            cls._ship(cls._delivery(promised), done, delivered)
        cls.waiting = cls._delivery(date(2026, 3, 20))
        for day, nps in (
            ("2025-03-01", 10),
            ("2025-05-05", 9),
            ("2025-07-07", 10),
            ("2025-09-09", 3),
            ("2025-11-11", 5),
            ("2026-02-02", 6),
        ):
            cls._answer(
                cls.forge, day, nps=nps, csat={"product_quality": 2, "delivery": 3}
            )

    @classmethod
    def _delivery(cls, promised):
        """A confirmed delivery of 10 die blocks to the forge, promised at
        noon (UTC) on ``promised``."""
        out_type = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.company.id)], limit=1)
            .out_type_id
        )
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": cls.forge.id,
                "picking_type_id": out_type.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": cls.die_block.id,
                            "product_uom_qty": 10,
                            "date_deadline": datetime.combine(promised, time(12)),
                            "location_id": out_type.default_location_src_id.id,
                            "location_dest_id": cls.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    @classmethod
    def _ship(cls, picking, done, delivered=10):
        """``delivered`` of the 10 shipped at noon (UTC) on ``done``, the rest
        given up."""
        picking.move_ids.write({"quantity": delivered, "picked": True})
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        picking.date_done = datetime.combine(done, time(12))

    @classmethod
    def _complaint(cls, partner, received):
        return cls.env["crm.claim"].create(
            {
                "name": "Cracked die forging",
                "partner_id": partner.id,
                "date": received,
            }
        )

    def _snapshot(self):
        self.env.flush_all()
        self.env.cr.execute(
            self.env["crm.churn.snapshot"]._snapshot_sql(
                self.company, SQL("SELECT %s AS partner_id", self.forge.id), DAY, 6
            )
        )
        return self.env.cr.dictfetchall()

    def test_features_by_hand(self):
        """49 days since its last invoice (2026-02-10); its gaps 59, 61, 214
        and 62 days, median 61.5. Invoices: 2 in the 6 months to 2026-03-31
        (900), 1 in the 6 before (1 000); 1 900 in the 12 months, 2 000 in
        the 12 before. Overdue: all five, 3 900, more than its 12 months'
        revenue (share 1). Its complaint of January is late."""
        [row] = self._snapshot()
        expected = {
            "dormancy_closeness": 49 / 90,
            # 41 days left of its 90, in the 183 days to 2026-09-30
            "time_left": 41 / 183,
            "recency_ratio": 49 / 61.5,
            "recency_unknown": 0,
            "frequency_trend": math.log(3 / 2),
            "revenue_trend_6m": math.log(901 / 1001),
            "revenue_trend_12m": math.log(1901 / 2001),
            "margin_unknown": 1,
            "margin_trend": 0,
            "complaint_count": 1,
            "complaint_late_count": 1,
            "owner_changed": 0,
            "class_unknown": 1,
            "overdue_share": 1,
            "payment_unknown": 1,
            # dies and hammers in the 12 months to 2026-03-31, both in the
            # last 6, none in the 6 before (spare parts have no category,
            # the forgings are older)
            "category_count": 2,
            "category_trend": 2 - 0,
            # D3 to D6 in the last 6 months, D3 alone on time and in full;
            # D1 and D2 both in the 6 before
            "late_delivery_share": 3 / 4,
            "late_delivery_trend": 1 - 1 / 4,
            "delivery_unknown": 0,
            # 2 promoters (9, 10) and 3 detractors (3, 5, 6) of 5 answers,
            # as many as the company asks; each CSAT answer (2 + 3) / 2
            "nps": 100 * (2 - 3) / 5,
            "nps_unknown": 0,
            "csat": 2.5 - 3,
            "csat_unknown": 0,
        }
        for feature, value in expected.items():
            with self.subTest(feature=feature):
                self.assertAlmostEqual(row[feature], value, places=9)
        self.assertEqual(row["threshold"], 90)
        self.assertEqual(row["figures"]["overdue"], 3900)
        self.assertEqual(row["figures"]["median_gap"], 61.5)
        churn = self.env["crm.customer.churn"].new(
            {
                "figures": row["figures"],
                "reasons": ["late_delivery_share", "nps", "csat"],
            }
        )
        self.assertEqual(
            churn._reason_lines(),
            [
                "On time and in full: 25 % of 4 deliveries in the last 6 months, "
                "against 100 % in the 6 before",
                "NPS -20 from 5 answers",
                "Satisfaction (CSAT) 2.5 of 5 from 5 answers",
            ],
        )
        # no order or invoice from 2026-02-10 to the horizon's end
        # (2026-09-30): dormant after 90 days
        self.assertTrue(row["label"])

    def test_no_feature_reads_after_its_day(self):
        """After 2026-03-31: invoices every other month to September, a
        complaint, every invoice paid, an order, another salesperson, the
        late delivery shipped, an answer. The
        features and their figures stay what they were on 2026-03-31; only
        the label, what happened next, changes (never 90 days without an
        invoice: not dormant)."""
        [before] = self._snapshot()
        for day in (
            date(2026, 4, 10),
            date(2026, 5, 10),
            date(2026, 7, 10),
            date(2026, 9, 10),
        ):
            self._post_customer_document(self.forge, "out_invoice", 700.0, day)
        self._complaint(self.forge, datetime(2026, 4, 5, 9))
        # D6 shipped, late, in full; another answer, a promoter
        self._ship(self.waiting, date(2026, 4, 2))
        self._answer(self.forge, "2026-04-10", nps=10)
        invoices = self.env["account.move"].search(
            [("partner_id", "=", self.forge.id), ("move_type", "=", "out_invoice")]
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"payment_date": date(2026, 4, 20)})._create_payments()
        product = self.env["product.product"].create({"name": "Die block"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.forge.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2026, 4, 15, 9)
        with freeze_time("2026-04-01"):
            self.forge.user_id = self.user_sales_manager
        [after] = self._snapshot()
        self.assertFalse(after.pop("label"))
        before.pop("label")
        self.assertEqual(after, before)

    def test_a_dormant_customer_has_no_snapshot(self):
        """On 2026-06-30, 140 days after its last invoice: dormant."""
        self.env.flush_all()
        self.env.cr.execute(
            self.env["crm.churn.snapshot"]._snapshot_sql(
                self.company,
                SQL("SELECT %s AS partner_id", self.forge.id),
                date(2026, 6, 30),
            )
        )
        self.assertFalse(self.env.cr.fetchall())
