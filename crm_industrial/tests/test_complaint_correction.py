# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .complaint_common import ComplaintCommon, utc_of


@tagged("post_install", "-at_install")
class TestComplaintCorrection(ComplaintCommon):
    """A complaint counts in the figures of its customer's salesperson of its
    day (and in their scorecard's month): Li Na, whose customer Changchun
    Axle Works complained on Monday 2 March 2026, can neither move it to
    Wang Fang's customer nor out of the month. A sales manager corrects
    either with a reason, logged on the complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim = cls._claim(cls.customer_auto, datetime(2026, 3, 2, 10, 0))

    def test_the_salesperson_changes_neither_customer_nor_date(self):
        claim = self.claim.with_user(self.user_salesman)
        for vals in (
            {"partner_id": self.customer_chem.id},
            {"date": utc_of(datetime(2026, 4, 1, 10, 0))},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(AccessError, "Only sales managers correct"),
            ):
                claim.write(vals)
        self.assertEqual(self.claim.partner_id, self.customer_auto)

    def test_a_manager_corrects_with_a_reason_logged(self):
        manager = self.user_sales_manager
        with self.assertRaisesRegex(AccessError, "logs why"):
            self.claim.with_user(manager).write({"partner_id": self.customer_chem.id})
        wizard = Form(
            self.env["crm.claim.correction"]
            .with_user(manager)
            .with_context(default_claim_id=self.claim.id)
        )
        self.assertEqual(wizard.partner_id, self.customer_auto)
        wizard.partner_id = self.customer_chem
        wizard.reason = "Filed under the wrong customer"
        wizard.save().action_apply()
        self.assertEqual(self.claim.partner_id, self.customer_chem)
        self.assertIn("Filed under the wrong customer", self.claim.message_ids[0].body)
        self.assertIn("Changchun Axle Works", self.claim.message_ids[0].body)

    def test_a_correction_needs_a_reason_and_a_manager(self):
        Correction = self.env["crm.claim.correction"]
        values = {"claim_id": self.claim.id, "partner_id": self.customer_chem.id}
        with self.assertRaises(AccessError):
            Correction.with_user(self.user_salesman).create(
                dict(values, reason="Mine now")
            )
        wizard = Correction.with_user(self.user_sales_manager).create(
            dict(values, reason=" ")
        )
        with self.assertRaisesRegex(ValidationError, "Say why"):
            wizard.action_apply()
        self.assertEqual(self.claim.partner_id, self.customer_auto)
