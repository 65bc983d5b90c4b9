# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .complaint_common import ComplaintCommon, utc_of

# Friday 2026-07-10 and the Monday, Tuesday and Wednesday after it
FRIDAY_16 = datetime(2026, 7, 10, 16, 0)
MONDAY_9 = datetime(2026, 7, 13, 9, 0)
MONDAY_10 = datetime(2026, 7, 13, 10, 0)
WEDNESDAY_16 = datetime(2026, 7, 15, 16, 0)


@tagged("post_install", "-at_install")
class TestComplaintServiceLevel(ComplaintCommon):
    """Targets and working hours of single complaints.

    Working hours are counted on the plant's calendar: 8:00-12:00 and
    13:00-17:00 Monday to Friday, 8 hours a day, nothing at lunch, at night
    or at the weekend.
    """

    def test_first_answer_across_a_weekend(self):
        """A critical complaint of Changchun (class A: first answer within 2 h,
        resolution within 24 h) received Friday 2026-07-10 at 16:00, answered
        Monday 2026-07-13 at 10:00.

        Friday 16:00-17:00 is 1 working hour, Saturday and Sunday none, Monday
        8:00-10:00 2 hours: 3 working hours (66 on the clock), more than 2:
        answered late, the target is missed.
        Answer by: 1 h on Friday, then Monday 8:00-9:00: Monday 9:00.
        Resolve by: 1 h on Friday, 8 on Monday, 8 on Tuesday, 7 on Wednesday:
        Wednesday 16:00.
        """
        with self._at(MONDAY_10):
            claim = self._claim(self.customer_auto, FRIDAY_16, severity="critical")
            claim.action_mark_answered()
        self.assertEqual(claim.abc_class_at_receipt, "a")
        self.assertEqual(
            (claim.response_target_hours, claim.resolution_target_hours), (2.0, 24.0)
        )
        self.assertEqual(claim.date_first_response, utc_of(MONDAY_10))
        self.assertEqual(claim.response_hours, 3.0)
        self.assertFalse(claim.response_met)
        self.assertEqual(claim.response_deadline, utc_of(MONDAY_9))
        self.assertEqual(claim.resolution_deadline, utc_of(WEDNESDAY_16))
        self.assertEqual(claim.sla_state, "breached")

    def test_answered_within_target(self):
        """The same complaint answered Monday at 9:00: 1 h on Friday and 1 h on
        Monday, 2 working hours: exactly on target is in time. Settled on
        Wednesday at 16:00: 1 + 8 + 8 + 7 = 24 h, on target too: met."""
        with self._at(MONDAY_9):
            claim = self._claim(self.customer_auto, FRIDAY_16, severity="critical")
            claim.action_mark_answered()
        self.assertEqual((claim.response_hours, claim.response_met), (2.0, True))
        self.assertEqual(claim.sla_state, "on_track")
        with self._at(WEDNESDAY_16):
            claim.stage_id = self.stage_settled
        self.assertEqual(claim.date_resolved, utc_of(WEDNESDAY_16))
        self.assertEqual((claim.resolution_hours, claim.resolution_met), (24.0, True))
        self.assertEqual(claim.sla_state, "met")

    def test_targets_by_severity_and_class(self):
        """Class A customers are answered and served first.

        Changchun (class A) and Nanjing (class C), and Harbin Gears, a customer
        without a profile yet, served as class C:
        critical: A 2 h / 24 h, C 8 h / 56 h; low: A 16 h / 120 h, C 24 h / 160 h.
        """
        harbin = self.env["res.partner"].create(
            {"name": "Harbin Gears", "is_company": True}
        )
        expected = {
            (self.customer_auto, "critical"): ("a", 2.0, 24.0),
            (self.customer_chem, "critical"): ("c", 8.0, 56.0),
            (harbin, "critical"): ("none", 8.0, 56.0),
            (self.customer_auto, "low"): ("a", 16.0, 120.0),
            (self.customer_chem, "low"): ("c", 24.0, 160.0),
            (harbin, "low"): ("none", 24.0, 160.0),
        }
        for (customer, severity), targets in expected.items():
            with self.subTest(customer=customer.name, severity=severity):
                claim = self._claim(customer, FRIDAY_16, severity=severity)
                self.assertEqual(
                    (
                        claim.abc_class_at_receipt,
                        claim.response_target_hours,
                        claim.resolution_target_hours,
                    ),
                    targets,
                )

    def test_company_targets_and_severity_change(self):
        """The company's table comes first: critical class A set to 1 h / 16 h.
        A complaint raised from medium (class A: 8 h / 80 h) to critical takes
        the critical targets."""
        self.env["crm.claim.sla"].search(
            [
                ("company_id", "=", self.company.id),
                ("severity", "=", "critical"),
                ("abc_class", "=", "a"),
            ]
        ).write({"response_hours": 1.0, "resolution_hours": 16.0})
        claim = self._claim(self.customer_auto, FRIDAY_16)
        self.assertEqual(
            (claim.response_target_hours, claim.resolution_target_hours), (8.0, 80.0)
        )
        claim.with_user(self.user_salesman).severity = "critical"
        self.assertEqual(
            (claim.response_target_hours, claim.resolution_target_hours), (1.0, 16.0)
        )

    def test_near_target(self):
        """Two medium complaints of Nanjing (class C: 24 h / 120 h) received
        Monday 2026-07-06 at 8:00, not answered yet.

        Wednesday at 11:00: 8 + 8 + 3 = 19 h of 24 used, 79 %: on track.
        Wednesday at 12:00: 20 h, 83 % is 80 % or more: near their target; the
        refresh of open complaints (every 15 minutes) moves both.
        The first, answered at 12:00, has its first answer done in time and
        its resolution has used 20 h of 120: on track again.
        Thursday at 13:00 the second, still unanswered, has used 25 h of 24:
        missed; its resolution is still in time.
        """
        received = datetime(2026, 7, 6, 8, 0)
        with self._at(datetime(2026, 7, 8, 11, 0)):
            answered = self._claim(self.customer_chem, received)
            silent = self._claim(self.customer_chem, received)
            self.assertEqual(set((answered | silent).mapped("sla_state")), {"on_track"})
            self.assertEqual(self.Claim._refresh_open_service_levels(self.company), 0)
        with self._at(datetime(2026, 7, 8, 12, 0)):
            self.assertEqual(self.Claim._refresh_open_service_levels(self.company), 2)
            self.assertEqual(set((answered | silent).mapped("sla_state")), {"near"})
            self.assertTrue(silent.response_met)
            answered.action_mark_answered()
        self.assertEqual((answered.response_hours, answered.response_met), (20.0, True))
        self.assertEqual(answered.sla_state, "on_track")
        with self._at(datetime(2026, 7, 9, 13, 0)):
            self.assertEqual(self.Claim._refresh_open_service_levels(self.company), 1)
        self.assertEqual(answered.sla_state, "on_track")
        self.assertEqual(silent.sla_state, "breached")
        self.assertFalse(silent.response_met)
        self.assertTrue(silent.resolution_met)

    def test_first_message_to_the_customer_answers(self):
        """Received Tuesday 2026-07-07 at 9:30 from Changchun (high, class A:
        4 h / 40 h). At 10:00 the customer's buyer writes again and Li Na logs
        an internal note: no answer yet. At 11:00 Li Na sends the customer a
        message: answered after 1.5 working hours, in time.
        Settled Thursday at 15:00: Tuesday 9:30-17:00 is 6.5 h, Wednesday 8 h,
        Thursday 8:00-15:00 6 h: 20.5 h of 40, met. Back in progress, the
        complaint is open again and keeps its answer.
        """
        with self._at(datetime(2026, 7, 7, 9, 30)):
            claim = self._claim(
                self.customer_auto, datetime(2026, 7, 7, 9, 30), severity="high"
            )
        as_li_na = claim.with_user(self.user_salesman)
        with self._at(datetime(2026, 7, 7, 10, 0)):
            claim.message_post(
                body="The bearings still run hot.",
                author_id=self.buyer_auto.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            as_li_na.message_post(body="Ask quality for the test report.")
        self.assertFalse(claim.date_first_response)
        with self._at(datetime(2026, 7, 7, 11, 0)):
            as_li_na.message_post(
                body="Our engineer visits you tomorrow.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(claim.date_first_response, utc_of(datetime(2026, 7, 7, 11, 0)))
        self.assertEqual((claim.response_hours, claim.response_met), (1.5, True))
        with self._at(datetime(2026, 7, 9, 15, 0)):
            as_li_na.stage_id = self.stage_settled
        self.assertEqual((claim.resolution_hours, claim.sla_state), (20.5, "met"))
        as_li_na.stage_id = self.stage_in_progress
        self.assertFalse(claim.date_resolved)
        self.assertEqual(claim.date_first_response, utc_of(datetime(2026, 7, 7, 11, 0)))

    def test_resolved_without_answer_is_answered_by_the_resolution(self):
        """Rejected Friday 2026-07-10 at 17:00 without a message: the rejection
        answers the customer, 1 working hour after the receipt at 16:00."""
        claim = self._claim(self.customer_chem, FRIDAY_16)
        with self._at(datetime(2026, 7, 10, 17, 0)):
            claim.stage_id = self.stage_rejected
        self.assertEqual(claim.date_first_response, claim.date_resolved)
        self.assertEqual((claim.response_hours, claim.resolution_hours), (1.0, 1.0))

    def test_archiving_closes(self):
        claim = self._claim(self.customer_chem, FRIDAY_16)
        with self._at(MONDAY_10):
            claim.action_archive()
        self.assertEqual(claim.date_closed, utc_of(MONDAY_10))
        claim.action_unarchive()
        self.assertFalse(claim.date_closed)

    def test_claims_recorded_before_the_install(self):
        """A critical claim of Changchun received Friday at 16:00 and settled
        on Wednesday at 16:00, before the addon was installed, as its chatter
        tells: it was resolved then, and answered by its resolution, after 24
        working hours: on target for the resolution, late for the first
        answer. It was received while Li Na owned Changchun."""
        claim = self._claim(self.customer_auto, FRIDAY_16, severity="critical")
        self.env.cr.precommit.run()
        with self._at(WEDNESDAY_16):
            claim.stage_id = self.stage_settled
            self.env.cr.precommit.run()
        self.env.flush_all()
        # as crm_claim alone left it, changed again since
        self.env.cr.execute(
            """
            UPDATE crm_claim
               SET date_resolved = NULL, date_first_response = NULL,
                   salesperson_id = NULL, write_date = NOW()
             WHERE id = %s
            """,
            [claim.id],
        )
        self.env.invalidate_all()
        self.Claim._init_complaints()
        self.assertEqual(claim.date_resolved, utc_of(WEDNESDAY_16))
        self.assertEqual(claim.date_first_response, utc_of(WEDNESDAY_16))
        self.assertEqual(
            (claim.response_hours, claim.resolution_hours, claim.sla_state),
            (24.0, 24.0, "breached"),
        )
        self.assertEqual(claim.salesperson_id, self.user_salesman)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_targets_must_be_positive(self):
        claim = self._claim(self.customer_auto, FRIDAY_16, severity="critical")
        as_manager = claim.with_user(self.user_sales_manager)
        for values in (
            {"response_target_hours": 0},
            {"resolution_target_hours": -8},
        ):
            with self.subTest(values=values):
                with self._refused(
                    ValidationError, "must be more than 0 working hours"
                ):
                    as_manager.write(values)
                self.assertEqual(
                    (claim.response_target_hours, claim.resolution_target_hours),
                    (2.0, 24.0),
                )
        count = self.Claim.search_count([])
        with self._refused(ValidationError, "must be more than 0"):
            self.Claim.with_user(self.user_sales_manager).create(
                {
                    "name": "Wrong target",
                    "partner_id": self.customer_auto.id,
                    "response_target_hours": 0,
                }
            )
        self.assertEqual(self.Claim.search_count([]), count)
        target = self.env["crm.claim.sla"].search([], limit=1)
        with self._refused(ValidationError, "more than 0 working hours"):
            target.with_user(self.user_sales_manager).response_hours = 0
        self.assertGreater(target.response_hours, 0)

    def test_resolution_cannot_precede_the_receipt(self):
        claim = self._claim(self.customer_auto, MONDAY_10)
        for field_name, message in (
            ("date_resolved", "cannot be resolved before it was received on"),
            ("date_first_response", "cannot be answered before it was received on"),
            ("date_closed", "cannot be closed before it was received on"),
        ):
            with self.subTest(field=field_name):
                with self._refused(ValidationError, message):
                    claim.with_user(self.user_salesman).write(
                        {field_name: utc_of(FRIDAY_16)}
                    )
                self.assertFalse(claim[field_name])
        count = self.Claim.search_count([])
        with self._refused(ValidationError, "cannot be resolved before"):
            self._claim(
                self.customer_auto, MONDAY_10, resolved=FRIDAY_16, answered=MONDAY_10
            )
        self.assertEqual(self.Claim.search_count([]), count)

    def test_documents_belong_to_the_customer(self):
        product = self.env["product.product"].create({"name": "Axle bearing"})
        other = self.env["product.product"].create({"name": "Resin drum"})
        lot = self.env["stock.lot"].create({"name": "LOT-2607", "product_id": other.id})
        order = self.env["sale.order"].create({"partner_id": self.customer_chem.id})
        claim = self._claim(self.customer_auto, MONDAY_10)
        with self._refused(ValidationError, "is not an order of"):
            claim.sale_order_id = order
        with self._refused(ValidationError, "is a lot of Resin drum"):
            claim.write({"product_id": product.id, "lot_id": lot.id})
        self.assertFalse(claim.sale_order_id or claim.lot_id)

    # ------------------------------------------------------------------
    # Who changes the targets
    # ------------------------------------------------------------------

    def test_only_sales_managers_change_targets(self):
        claim = self._claim(self.customer_auto, FRIDAY_16, severity="critical")
        self.assertFalse(claim.with_user(self.user_salesman).sla_targets_editable)
        with self.assertRaises(AccessError):
            claim.with_user(self.user_salesman).write({"response_target_hours": 40.0})
        self.assertEqual(claim.response_target_hours, 2.0)
        as_manager = claim.with_user(self.user_sales_manager)
        self.assertTrue(as_manager.sla_targets_editable)
        as_manager.write({"response_target_hours": 4.0})
        self.assertEqual(claim.response_target_hours, 4.0)
        note = claim.message_ids[0]
        self.assertEqual(note.author_id, self.user_sales_manager.partner_id)
        self.assertIn(
            "Targets set to 4.0 h for the first answer and 24.0 h for the "
            "resolution (were 2.0 h and 24.0 h).",
            str(note.body),
        )
