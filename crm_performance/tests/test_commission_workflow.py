# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .workflow_common import WorkflowCommon


@tagged("post_install", "-at_install")
class TestCommissionWorkflow(WorkflowCommon):
    def test_figures(self):
        self.assertEqual(self.period.state, "computed")
        self.assertEqual(
            (self.summary_liu.commission, self.summary_liu.attainment_pct), (40.0, 80.0)
        )
        self.assertEqual(
            (self.summary_guo.commission, self.summary_guo.attainment_pct),
            (60.0, 120.0),
        )

    def test_manager_approves_their_team_then_hr_the_rest(self):
        manager = self.user_commission_manager
        self.assertTrue(self._as(manager).can_approve)
        self._as(manager).action_approve()
        self.assertEqual(self.summary_liu.approved_by_id, manager)
        self.assertFalse(self.summary_guo.approved_by_id)
        self.assertEqual(self.period.state, "computed")
        self.assertFalse(self._as(manager).can_approve)
        self.assertIn("Liu Yang", self.period.message_ids[0].body)
        # Guo Qiang's team has no leader: HR approves him
        self._as(self.user_commission_hr).action_approve()
        self.assertEqual(self.summary_guo.approved_by_id, self.user_commission_hr)
        self.assertEqual(self.period.state, "approved")

    def test_manager_of_another_team_cannot_approve(self):
        """Guo Qiang becomes a manager leading team North... but the period
        has no salesperson of a team he leads other than himself."""
        other = self.user_outsider
        other.group_ids |= self.env.ref("crm_performance.group_commission_manager")
        self.team_north.user_id = other
        self.summary_guo.invalidate_recordset()
        # he may approve Guo Qiang, not Liu Yang
        self._as(other).action_approve()
        self.assertEqual(self.summary_guo.approved_by_id, other)
        self.assertFalse(self.summary_liu.approved_by_id)
        with self.assertRaisesRegex(UserError, "team you lead"):
            self._as(other).action_approve()

    def test_manager_with_no_team_in_the_period_is_refused(self):
        self._as(self.user_commission_manager).action_approve()
        with self.assertRaisesRegex(UserError, "team you lead"):
            self._as(self.user_commission_manager).action_approve()

    def test_salesperson_cannot_approve_nor_validate(self):
        liu = self.user_commission_user
        for action in ("action_approve", "action_validate", "action_cancel"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(self._as(liu), action)()

    def test_state_cannot_be_written_directly(self):
        with self.assertRaises(UserError):
            self._as(self.user_commission_hr).write({"state": "paid"})

    def test_only_hr_validates_and_pays(self):
        self._approve_all()
        with self.assertRaises(AccessError):
            self._as(self.user_commission_manager).action_validate()
        with self.assertRaises(AccessError):
            self._as(self.user_commission_manager)._pay(date(2026, 7, 25), "PAY/07")
        hr = self.user_commission_hr
        self._as(hr).action_validate()
        self.assertEqual(self.period.state, "validated")
        action = self._as(hr).action_open_pay()
        wizard = (
            self.env[action["res_model"]]
            .with_user(hr)
            .with_context(**action["context"])
            .create({"payment_date": date(2026, 7, 25), "payroll_batch_ref": "PAY/07"})
        )
        wizard.action_pay()
        self.assertEqual(self.period.state, "paid")
        self.assertEqual(self.period.payment_date, date(2026, 7, 25))
        self.assertEqual(self.period.payroll_batch_ref, "PAY/07")

    def test_paying_an_unvalidated_period_is_refused(self):
        self._approve_all()
        with self.assertRaisesRegex(UserError, "Only a validated"):
            self._as(self.user_commission_hr)._pay(date(2026, 7, 25), "PAY/07")
        self.assertEqual(self.period.state, "approved")
        self.assertFalse(self.period.payroll_batch_ref)

    def test_validating_an_unapproved_period_is_refused(self):
        with self.assertRaisesRegex(UserError, "Only an approved"):
            self._as(self.user_commission_hr).action_validate()

    def test_computing_a_locked_period_is_refused(self):
        self._approve_all()
        with self.assertRaisesRegex(UserError, "are locked"):
            self._as(self.user_commission_hr).action_compute()

    def test_computing_again_withdraws_changed_approvals(self):
        """Yang Lei approves Liu Yang at 40. Computed again unchanged, the
        approval stays; after a credit note of 200 on 20 June his commission
        is (800 - 200) x 5 % = 30 and the approval is withdrawn."""
        hr = self.user_commission_hr
        self._as(self.user_commission_manager).action_approve()
        self._as(hr).action_compute()
        self.assertEqual(self.summary_liu.approved_by_id, self.user_commission_manager)
        self._invoice(
            self.customer_chem,
            self.user_commission_user,
            date(2026, 6, 20),
            [(self.service, 1, 200)],
            move_type="out_refund",
        )
        self._as(hr).action_compute()
        self.assertEqual(self.summary_liu.commission, 30.0)
        self.assertFalse(self.summary_liu.approved_by_id)
        self.assertIn("approval is withdrawn", self.period.message_ids[0].body)

    def test_cancelled_period_goes_back_to_draft(self):
        hr = self.user_commission_hr
        self._as(self.user_commission_manager).action_approve()
        self._as(hr).action_cancel()
        self.assertEqual(self.period.state, "cancel")
        self.assertFalse(self.summary_liu.approved_by_id)
        self._as(hr).action_draft()
        self.assertEqual(self.period.state, "draft")

    def test_cancelling_a_validated_period_is_refused(self):
        self._approve_all()
        hr = self.user_commission_hr
        self._as(hr).action_validate()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            self._as(hr).action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self._as(hr).unlink()

    def test_reopening_is_logged_and_withdraws_the_managers_approvals(self):
        self._approve_all()
        manager = self.user_commission_manager
        action = self._as(manager).action_open_reopen()
        wizard = (
            self.env[action["res_model"]]
            .with_user(manager)
            .with_context(**action["context"])
            .create({"reason": "A credit note of June was missed"})
        )
        wizard.action_reopen()
        self.assertEqual(self.period.state, "computed")
        self.assertFalse(self.summary_liu.approved_by_id)
        self.assertEqual(self.summary_guo.approved_by_id, self.user_commission_hr)
        body = self.period.message_ids[0].body
        self.assertIn("A credit note of June was missed", body)
        self.assertIn("Liu Yang", body)
        self.assertEqual(self.period.message_ids[0].author_id, manager.partner_id)

    def test_reopening_is_refused_to_a_salesperson_and_without_reason(self):
        self._approve_all()
        with self.assertRaises(AccessError):
            self._as(self.user_commission_user)._reopen("Because")
        with self.assertRaisesRegex(UserError, "why"):
            self._as(self.user_commission_manager)._reopen(" ")
        self.assertEqual(self.period.state, "approved")


@tagged("post_install", "-at_install")
class TestCommissionDispute(WorkflowCommon):
    def _dispute(self, user=None, line=None):
        user = user or self.user_commission_user
        line = line or self._lines(self.period, user)
        return (
            self.env["crm.commission.dispute"]
            .with_user(user)
            .create({"line_id": line.id, "comment": "The service day was 900"})
        )

    def test_answer_required_before_approval(self):
        dispute = self._dispute()
        self.assertEqual(
            (dispute.period_id, dispute.user_id, dispute.state),
            (self.period, self.user_commission_user, "open"),
        )
        self.assertEqual(self.period.open_dispute_count, 1)
        manager = self.user_commission_manager
        with self.assertRaisesRegex(UserError, "Answer the disputes of Liu Yang"):
            self._as(manager).action_approve()
        self.assertFalse(self.summary_liu.approved_by_id)
        dispute = dispute.with_user(manager)
        with self.assertRaisesRegex(UserError, "Write the answer"):
            dispute.action_answer()
        dispute.answer = "The order says 800"
        dispute.action_answer()
        self.assertEqual((dispute.state, dispute.answered_by_id), ("answered", manager))
        self._as(manager).action_approve()
        self.assertEqual(self.summary_liu.approved_by_id, manager)

    def test_a_dispute_of_another_team_does_not_block(self):
        self._dispute(self.user_north)
        self._as(self.user_commission_manager).action_approve()
        self.assertEqual(self.summary_liu.approved_by_id, self.user_commission_manager)
        with self.assertRaisesRegex(UserError, "Guo Qiang"):
            self._as(self.user_commission_hr).action_approve()

    def test_only_the_approving_manager_answers(self):
        dispute = self._dispute(self.user_north)
        with self.assertRaises(AccessError):
            dispute.with_user(self.user_commission_manager).read(["comment"])
        dispute.sudo().answer = "Checked"
        with self.assertRaises(AccessError):
            dispute.with_user(self.user_commission_user).action_answer()

    def test_salesperson_disputes_only_their_own_lines(self):
        guo_line = self._lines(self.period, self.user_north)
        with self.assertRaises(AccessError):
            self._dispute(self.user_commission_user, guo_line)
        dispute = self._dispute()
        with self.assertRaises(AccessError):
            dispute.with_user(self.user_commission_user).comment = "More"
        self.assertEqual(
            self.env["crm.commission.dispute"].with_user(self.user_north).search([]),
            self.env["crm.commission.dispute"],
        )

    def test_no_dispute_once_approved(self):
        self._approve_all()
        with self.assertRaisesRegex(UserError, "no longer open"):
            self._dispute()
