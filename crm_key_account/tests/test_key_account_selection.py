# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_industrial.tests.common import PORTAL, SALESMAN

from .common import KA_DIRECTOR, KA_MANAGER, CrmKeyAccountCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestKeyAccountSelection(CrmKeyAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.KeyAccount = cls.env["crm.key.account"]
        cls.customer_pump = cls.env["res.partner"].create(
            {"name": "Wuxi Pump Systems", "is_company": True}
        )
        for customer in cls.customer_auto | cls.customer_chem | cls.customer_pump:
            customer.user_id = cls.user_key_account_manager
        cls.other_manager = cls._new_user("ka_manager_2", "Sun Wei", KA_MANAGER)

    def _propose(self, customer, user=None, **vals):
        return (
            self.KeyAccount.with_user(user or self.user_salesman)
            .create(
                {
                    "partner_id": customer.id,
                    "proposal_reason": "Biggest axle maker in the region",
                    **vals,
                }
            )
            .sudo(False)
        )

    def _active(self, customer, manager):
        account = self._propose(customer, manager_id=manager.id)
        account.with_user(self.user_key_account_director).action_approve()
        account.with_user(self.user_key_account_director).action_activate()
        return account

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def test_a_director_approves_no_account_of_their_own(self):
        """A Key Account Director who proposed an account, manages it or
        sells to it does not approve it (its key-account rate and shares
        pay them): another director does."""
        director = self.user_key_account_director
        other = self._new_user("ka_director_2", "Qian Jun", KA_DIRECTOR)
        self.customer_pump.user_id = director
        manager = self.user_key_account_manager
        for label, account in (
            ("proposed", self._propose(self.customer_auto, user=director)),
            ("manages", self._propose(self.customer_chem, manager_id=director.id)),
            ("sells", self._propose(self.customer_pump, manager_id=manager.id)),
        ):
            if not account.manager_id:
                account.sudo().manager_id = manager
            with (
                self.subTest(label),
                self.assertRaisesRegex(
                    UserError, "another Key Account Director approves it"
                ),
            ):
                account.with_user(director).action_approve()
            self.assertEqual(account.state, "proposed")
            account.with_user(other).action_approve()
            self.assertEqual(account.state, "approved")

    def test_proposed_approved_active_retired_dated_on_chatter(self):
        account = self._propose(self.customer_auto)
        self.assertEqual(account.state, "proposed")
        self.assertEqual(account.proposed_by_id, self.user_salesman)
        self.assertIn("Proposed as a key account", account.message_ids[0].body)
        # every salesperson reads the chatter: the reason is not on it
        self.assertNotIn("Biggest axle maker", account.message_ids[0].body)

        director = self.user_key_account_director
        with self.assertRaises(UserError):  # no key-account manager yet
            account.with_user(director).action_approve()
        account.with_user(self.user_salesman).manager_id = self.user_key_account_manager
        with self.assertRaises(AccessError):
            account.with_user(self.user_salesman).action_approve()
        account.with_user(director).action_approve()
        self.assertEqual(account.state, "approved")
        self.assertEqual(account.approved_by_id, director)
        self.assertTrue(account.approved_date)

        with self.assertRaises(AccessError):  # not its manager
            account.with_user(self.other_manager).action_activate()
        account.with_user(self.user_key_account_manager).action_activate()
        self.assertEqual(account.state, "active")
        self.assertTrue(account.active_date)
        self.assertEqual(self.customer_auto.key_account_state, "active")
        self.assertEqual(self.buyer_auto.key_account_id, account)

        with self.assertRaises(UserError):
            account.with_user(director).action_retire("  ")
        with self.assertRaises(AccessError):
            account.with_user(self.user_key_account_manager).action_retire("Moved")
        wizard = (
            self.env["crm.key.account.end"]
            .with_user(director)
            .create(
                {
                    "key_account_id": account.id,
                    "action": "retire",
                    "reason": "Production moved to Vietnam",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(account.state, "retired")
        # the proposer is not on the account's team: the reason is the
        # team's and the directors'
        self.assertFalse(account.end_reason)
        self.assertEqual(
            account.with_user(director).end_reason, "Production moved to Vietnam"
        )
        self.assertIn("Retired by", account.message_ids[0].body)
        self.assertNotIn("Production moved to Vietnam", account.message_ids[0].body)
        self.assertFalse(self.customer_auto.key_account_id)
        # retired, the customer may be proposed again
        self.assertEqual(self._propose(self.customer_auto).state, "proposed")

    def test_reasons_are_read_by_the_team_and_the_directors(self):
        """Why a customer was proposed and why it was retired are read by
        the account's team and the directors; the proposer reads the reason
        he gave; any other salesperson reads the account, not its reasons,
        whatever he asks the ORM (or the API) for."""
        account = self._active(self.customer_auto, self.user_key_account_manager)
        account.with_user(self.user_key_account_director).action_retire(
            "Production moved to Vietnam"
        )
        outsider = self._new_user("ka_outsider", "Zhou Bin", SALESMAN)
        reasons = ("Biggest axle maker in the region", "Production moved to Vietnam")
        for user, expected in (
            (self.user_key_account_director, reasons),
            (self.user_key_account_manager, reasons),
            (self.user_salesman, (reasons[0], False)),
            (outsider, (False, False)),
        ):
            with self.subTest(user=user.login):
                mine = account.with_user(user)
                self.assertEqual(
                    (mine.proposal_reason, mine.end_reason), expected, user.login
                )
                [values] = mine.read(["proposal_reason", "end_reason"])
                self.assertEqual(
                    (values["proposal_reason"], values["end_reason"]), expected
                )
                # the stored reasons: settings administrators only (the
                # test director is one)
                stored_fields = ("proposal_reason_text", "end_reason_text")
                if user.has_group("base.group_system"):
                    stored_fields = ()
                for field in stored_fields:
                    with self.assertRaises(AccessError):
                        mine.read([field])
                    with self.assertRaises(AccessError):
                        mine.search([(field, "ilike", "a")])
                self.assertFalse(
                    mine.message_ids.filtered(
                        lambda message: any(
                            reason in (message.body or "") for reason in reasons
                        )
                    )
                )

    def test_a_proposal_reason_changes_only_while_proposed(self):
        account = self._active(self.customer_auto, self.user_key_account_manager)
        with self.assertRaisesRegex(UserError, "changes only while proposed"):
            account.with_user(self.user_key_account_manager).proposal_reason = "x"
        proposal = self._propose(self.customer_chem)
        with self.assertRaises(ValidationError):
            proposal.proposal_reason = "  "
        proposal.proposal_reason = "Their new plant doubles the volume"
        self.assertEqual(
            proposal.sudo().proposal_reason_text, "Their new plant doubles the volume"
        )
        with self.assertRaises(ValidationError):
            self._propose(self.customer_pump, proposal_reason="")

    def test_reject_a_proposal(self):
        account = self._propose(self.customer_chem)
        account.with_user(self.user_key_account_director).action_reject(
            "Too small for a plan"
        )
        self.assertEqual(account.state, "rejected")
        with self.assertRaises(UserError):
            account.with_user(self.user_key_account_director).action_approve()

    def test_state_and_dates_only_through_the_actions(self):
        account = self._propose(self.customer_auto)
        with self.assertRaises(UserError):
            account.with_user(self.user_salesman).write({"state": "active"})
        with self.assertRaises(UserError):
            account.with_user(self.user_key_account_director).write(
                {"partner_id": self.customer_chem.id}
            )
        with self.assertRaises(UserError):
            self.KeyAccount.with_user(self.user_key_account_director).create(
                {
                    "partner_id": self.customer_chem.id,
                    "proposal_reason": "x",
                    "state": "active",
                }
            )
        active = self._active(self.customer_pump, self.user_key_account_manager)
        with self.assertRaises(UserError):
            active.with_user(self.user_key_account_director).unlink()

    def test_bad_proposals_refused(self):
        self._propose(self.customer_auto)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._propose(self.customer_auto, user=self.user_key_account_manager)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._propose(self.buyer_auto)
        portal = self._new_user("ka_portal", "Portal", PORTAL)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._propose(self.customer_chem, manager_id=portal.id)
        self.assertEqual(
            self.KeyAccount.search_count([("partner_id", "=", self.customer_chem.id)]),
            0,
        )

    def test_team_members_and_shares(self):
        account = self._active(self.customer_auto, self.user_key_account_manager)
        sales = self.env.ref("crm_key_account.role_sales")
        quality = self.env.ref("crm_key_account.role_quality")
        # the manager forms the team, a director off the team sets the shares
        as_manager = account.with_user(self.user_key_account_manager)
        as_manager.member_ids = [
            Command.create({"user_id": self.user_salesman.id, "role_id": sales.id}),
            Command.create({"user_id": self.other_manager.id, "role_id": quality.id}),
        ]
        self.assertEqual(
            account.team_user_ids,
            self.user_key_account_manager | self.user_salesman | self.other_manager,
        )
        as_director = account.with_user(self.user_key_account_director)
        as_director.member_ids[0].share_pct = 60
        as_director.member_ids[1].share_pct = 30
        # 60 + 50 = 110 %
        with self.assertRaises(ValidationError), self.cr.savepoint():
            as_director.member_ids[1].share_pct = 50
        # a salesperson outside the account cannot change its team
        with self.assertRaises(AccessError):
            account.member_ids[0].with_user(self.user_salesman).share_pct = 50

    # ------------------------------------------------------------------
    # Scores and warnings
    # ------------------------------------------------------------------

    def _set_weights(self, **weights):
        criteria = self.env["crm.key.account.criterion"].search(
            [("company_id", "=", self.company.id)]
        )
        for criterion in criteria:
            criterion.weight = 0.0
        for xmlid, weight in weights.items():
            self.env.ref(f"crm_key_account.criterion_{xmlid}").weight = weight

    def _revenues(self):
        """400 for the axle works, 100 for the resin maker, 200 for the pump
        maker, which also had 100 the year before (trend +100 %)."""
        self._post_customer_document(
            self.customer_auto, "out_invoice", 400.0, date(2026, 3, 1)
        )
        self._post_customer_document(
            self.customer_chem, "out_invoice", 100.0, date(2026, 3, 1)
        )
        self._post_customer_document(
            self.customer_pump, "out_invoice", 200.0, date(2026, 3, 1)
        )
        self._post_customer_document(
            self.customer_pump, "out_invoice", 100.0, date(2025, 3, 1)
        )
        self.env["crm.customer.profile"]._recompute(self.company, today=TODAY)

    def test_candidates_ranked_by_measured_criteria(self):
        self._set_weights(revenue=40, growth=10, strategic_fit=60)
        self._revenues()
        # the axle works bring 400 of 700: class A, 100 points (weight 0 here)
        self.assertEqual(
            self.env["crm.customer.profile"]
            .search([("partner_id", "=", self.customer_auto.id)])
            .abc_class,
            "a",
        )
        Candidate = self.env["crm.key.account.candidate"]
        rows = {
            c.partner_id: c
            for c in Candidate.search([("company_id", "=", self.company.id)])
        }
        auto, chem, pump = (
            rows[self.customer_auto],
            rows[self.customer_chem],
            rows[self.customer_pump],
        )
        # revenue percentile among the three: 100 -> 0, 200 -> 50, 400 -> 100
        self.assertAlmostEqual(auto.revenue_points, 100.0)
        self.assertAlmostEqual(pump.revenue_points, 50.0)
        self.assertAlmostEqual(chem.revenue_points, 0.0)
        self.assertAlmostEqual(auto.class_points, 100.0)
        # only the pump maker has a trend: alone in its ranking, 0 points
        self.assertAlmostEqual(pump.growth_points, 0.0)
        # measured score: growth left out where unknown and weights rescaled
        self.assertAlmostEqual(auto.measured_score, 40 * 100 / 40)
        self.assertAlmostEqual(pump.measured_score, (40 * 50 + 10 * 0) / (40 + 10))
        self.assertAlmostEqual(chem.measured_score, 0.0)
        self.assertEqual(
            Candidate.search([("company_id", "=", self.company.id)], limit=1),
            auto,
        )

    def test_selection_score_with_ratings_and_who_reads_it(self):
        self._set_weights(revenue=40, growth=10, strategic_fit=60)
        self._revenues()
        account = self._propose(
            self.customer_auto,
            user=self.user_key_account_manager,
            manager_id=self.user_key_account_manager.id,
        )
        fit = self.env.ref("crm_key_account.criterion_strategic_fit")
        account.with_user(self.user_key_account_manager).rating_ids = [
            Command.create({"criterion_id": fit.id, "rating": "4", "comment": "EV"})
        ]
        # revenue 100 points x 40, strategic fit 4 of 5 = 75 points x 60,
        # growth unknown and left out: (4000 + 4500) / 100
        account.invalidate_recordset()
        self.assertAlmostEqual(
            account.with_user(self.user_key_account_manager).selection_score, 85.0
        )
        self.assertIn(
            "no value",
            account.with_user(self.user_key_account_director).selection_breakdown,
        )
        # a salesperson outside the proposal and the team: the account, not
        # its figures nor its ratings (the score depends on who reads it)
        account.invalidate_recordset()
        outsider = account.with_user(self.user_salesman)
        self.assertEqual(outsider.partner_id, self.customer_auto)
        self.assertFalse(outsider.selection_score)
        self.assertFalse(outsider.selection_breakdown)
        self.assertFalse(
            self.env["crm.key.account.rating"]
            .with_user(self.user_salesman)
            .search([("key_account_id", "=", account.id)])
        )
        self.assertFalse(
            self.env["crm.key.account.candidate"]
            .with_user(self.user_salesman)
            .search([])
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            account.rating_ids = [
                Command.create(
                    {
                        "criterion_id": self.env.ref(
                            "crm_key_account.criterion_revenue"
                        ).id,
                        "rating": "5",
                    }
                )
            ]

    def test_warning_above_the_maximum_per_manager(self):
        self.company.key_account_max_per_manager = 1
        first = self._active(self.customer_auto, self.user_key_account_manager)
        self.assertFalse(first.capacity_warning)
        second = self._active(self.customer_chem, self.user_key_account_manager)
        (first | second).invalidate_recordset()
        self.assertIn("2 active key accounts", second.capacity_warning)
        self.assertIn("maximum of 1", first.capacity_warning)
        self.company.key_account_max = 1
        third = self._active(self.customer_pump, self.other_manager)
        self.assertIn("3 active key accounts", third.capacity_warning)
        with self.assertRaises(ValidationError):
            self.company.key_account_max = -1
