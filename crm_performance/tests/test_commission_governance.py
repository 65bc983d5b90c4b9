# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .commission_common import JUNE
from .workflow_common import GovernanceCommon

JULY = date(2026, 7, 1)


@tagged("post_install", "-at_install")
class TestPlanGovernance(GovernanceCommon):
    """Whoever is paid on a figure neither sets it nor changes what it is
    computed from; a change never reaches back into an approved period.

    June 2026 is computed (WorkflowCommon): Liu Yang earns 40 on the East
    plan (5 %, target 1 000), Guo Qiang 60 on the North plan. Yang Lei, who
    leads team East, is a Commission Manager; Sun Li and Zhou Min are
    Commission HR; Zhou Min also sells, on the North plan.
    """

    def _approve_june(self):
        self._approve_all()
        self.assertEqual(self.period.state, "approved")

    # ------------------------------------------------------------------
    # who sets the plans and targets
    # ------------------------------------------------------------------

    def test_a_manager_reads_plans_but_changes_none(self):
        manager = self.user_commission_manager
        self.assertEqual(self.plan_east.with_user(manager).default_rate, 5.0)
        target = self.plan_east.target_ids
        for label, attempt in (
            (
                "raise the rate",
                lambda: self.plan_east.with_user(manager).write({"default_rate": 50.0}),
            ),
            (
                "lower his target",
                lambda: target.with_user(manager).write({"amount": 1.0}),
            ),
            (
                "add a rule",
                lambda: (
                    self.env["crm.commission.rule"]
                    .with_user(manager)
                    .create({"plan_id": self.plan_east.id, "rate": 9.0})
                ),
            ),
            ("delete the plan", lambda: self.plan_north.with_user(manager).unlink()),
        ):
            with self.subTest(label), self.assertRaises(AccessError):
                attempt()
        self.assertEqual((self.plan_east.default_rate, target.amount), (5.0, 1000.0))

    def test_hr_paid_by_a_plan_changes_neither_it_nor_its_targets(self):
        seller = self.user_hr_seller
        with self.assertRaisesRegex(UserError, "input of your own pay"):
            self.plan_north.with_user(seller).default_rate = 6.0
        with self.assertRaisesRegex(UserError, "input of your own pay"):
            self.env["crm.commission.target"].with_user(seller).create(
                {
                    "plan_id": self.plan_north.id,
                    "user_id": seller.id,
                    "period_start": JULY,
                    "amount": 1.0,
                }
            )
        # after North, a plan of her own
        self.plan_north.date_to = date(2026, 12, 31)
        with self.assertRaisesRegex(UserError, "input of your own pay"):
            self.Plan.with_user(seller).create(
                {
                    "name": "Mine",
                    "date_from": date(2027, 1, 1),
                    "period_type": "month",
                    "user_ids": [Command.set(seller.ids)],
                    "default_rate": 50.0,
                }
            )
        # another member of HR does it
        self.plan_north.with_user(self.user_commission_hr).default_rate = 6.0
        self.assertEqual(self.plan_north.default_rate, 6.0)

    # ------------------------------------------------------------------
    # effective dating: nothing reaches back into an approved period
    # ------------------------------------------------------------------

    def test_a_plan_that_paid_an_approved_period_keeps_its_rules(self):
        self._approve_june()
        hr = self.user_commission_hr
        plan = self.plan_east.with_user(hr)
        self.assertEqual(plan.locked_until, date(2026, 6, 30))
        for label, attempt in (
            ("rate", lambda: plan.write({"default_rate": 50.0})),
            ("salespeople", lambda: plan.write({"user_ids": [Command.clear()]})),
            ("start", lambda: plan.write({"date_from": date(2026, 7, 1)})),
            ("end", lambda: plan.write({"date_to": date(2026, 6, 15)})),
            (
                "rule",
                lambda: (
                    self.env["crm.commission.rule"]
                    .with_user(hr)
                    .create({"plan_id": plan.id, "rate": 9.0})
                ),
            ),
            ("June's target", lambda: plan.target_ids.write({"amount": 1.0})),
        ):
            with (
                self.subTest(label),
                self.assertRaisesRegex(UserError, "create a new version"),
            ):
                attempt()
        # what only goes forward is allowed: its name, its end after June, a
        # target of July
        plan.write({"name": "East 2026", "date_to": date(2026, 12, 31)})
        self.env["crm.commission.target"].with_user(hr).create(
            {
                "plan_id": plan.id,
                "user_id": self.user_commission_user.id,
                "period_start": JULY,
                "amount": 1200.0,
            }
        )

    def test_a_new_version_changes_the_pay_from_the_next_period(self):
        """HR raises the East rate to 8 % in a new version: it applies from
        July (Liu Yang sells 1 000 on 3 July: 80), June keeps its 40 and
        July computes no adjustment of it."""
        self._approve_june()
        hr = self.user_commission_hr
        action = self.plan_east.with_user(hr).action_new_version()
        version = self.Plan.browse(action["res_id"]).with_user(hr)
        for children in ("rule_ids", "tier_ids", "satisfaction_band_ids"):
            self.assertEqual(
                len(version[children]), len(self.plan_east[children]), children
            )
        self.assertRecordValues(
            self.plan_east | version,
            [
                {
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 6, 30),
                    "previous_version_id": False,
                },
                {
                    "date_from": JULY,
                    "date_to": False,
                    "previous_version_id": self.plan_east.id,
                },
            ],
        )
        version.default_rate = 8.0
        self._invoice(
            self.customer_chem,
            self.user_commission_user,
            date(2026, 7, 3),
            [(self.service, 1, 1000)],
        )
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        self.assertRecordValues(
            self._lines(july),
            [{"kind": "earned", "plan_id": version.id, "amount": 80.0}],
        )
        self.assertEqual(self.summary_liu.commission, 40.0)
        # June's invoice refunded on 10 July: the old version takes back the
        # 40 it paid (800 x 5 %), counted in Liu Yang's one July summary:
        # 80 - 40 = 40
        june_invoice = self._lines(self.period).move_id
        refund = june_invoice._reverse_moves(
            [
                {
                    "invoice_date": date(2026, 7, 10),
                    "date": date(2026, 7, 10),
                    "invoice_user_id": self.user_commission_user.id,
                }
            ]
        )
        refund.action_post()
        self._compute(july)
        self.assertRecordValues(
            self._lines(july).sorted("amount"),
            [
                {"kind": "clawback", "plan_id": self.plan_east.id, "amount": -40.0},
                {"kind": "earned", "plan_id": version.id, "amount": 80.0},
            ],
        )
        summary = july.summary_ids.filtered(
            lambda s: s.user_id == self.user_commission_user
        )
        self.assertRecordValues(summary, [{"plan_id": version.id, "commission": 40.0}])
        self.assertEqual(summary._statement_lines(), self._lines(july).sorted("id"))

    def test_a_plan_with_commissions_is_archived_not_deleted(self):
        hr = self.user_commission_hr
        with self.assertRaisesRegex(UserError, "archive it"):
            self.plan_north.with_user(hr).unlink()
        self._approve_june()
        self.plan_east.with_user(hr).active = False
        july = self.Period.create({"period_type": "month", "date_from": JULY})
        self._compute(july)
        self.assertFalse(july.line_ids.filtered(lambda line: line.kind == "adjustment"))
        self.assertEqual(self.summary_liu.commission, 40.0)

    # ------------------------------------------------------------------
    # closed periods and approvals
    # ------------------------------------------------------------------

    def test_an_approved_period_never_changes(self):
        self._approve_june()
        hr = self.user_commission_hr
        for vals in (
            {"date_from": JULY},
            {"period_type": "quarter"},
            {"company_id": self.company.id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "none of its fields change"),
            ):
                self.period.with_user(hr).write(vals)
        self.assertEqual(self.period.date_from, date(2026, 6, 1))

    def test_nobody_approves_their_own_commission(self):
        """Zhou Min (HR) sells on the North plan, in no team: another member
        of HR approves her, not herself."""
        self._invoice(
            self.customer_chem,
            self.user_hr_seller,
            date(2026, 6, 20),
            [(self.service, 1, 300)],
        )
        self._compute(self.period)
        own = self.Summary.search([("user_id", "=", self.user_hr_seller.id)])
        self.assertTrue(own)
        self.period.with_user(self.user_hr_seller).action_approve()
        self.assertFalse(own.approved_by_id)
        self.assertEqual(self.summary_guo.approved_by_id, self.user_hr_seller)
        self.period.with_user(self.user_commission_hr).action_approve()
        self.assertEqual(own.approved_by_id, self.user_commission_hr)

    def test_joining_a_team_after_the_period_shows_its_leader_nothing_of_it(self):
        """Yang Lei adds Guo Qiang to team East through a team-member record
        in December: of June, he still reads Liu Yang's pay and none of Guo
        Qiang's (summary, lines, target, scorecard and its metrics, dispute,
        analysis); he reads Guo Qiang's target of next month, which he now
        leads."""
        manager = self.user_commission_manager
        hr = self.user_commission_hr
        guo = self.user_north
        next_month = fields.Date.today().replace(day=1) + relativedelta(months=1)
        self.plan_north.target_ids = [
            Command.create({"user_id": guo.id, "period_start": next_month})
        ]
        self.env["crm.scorecard.template"].create(
            {
                "name": "Revenue",
                "metric_ids": [
                    Command.clear(),
                    Command.create({"code": "revenue", "weight": 100, "target": 1000}),
                ],
            }
        )
        self.period.with_user(hr).action_compute_scorecards()
        self.env["crm.commission.dispute"].with_user(guo).create(
            {
                "line_id": self._lines(self.period, guo).id,
                "comment": "The service day was 1 300",
            }
        )
        june = {
            "crm.commission.summary": [("period_id", "=", self.period.id)],
            "crm.commission.line": [("period_id", "=", self.period.id)],
            "crm.commission.target": [("period_start", "=", JUNE)],
            "crm.salesperson.scorecard": [("period_id", "=", self.period.id)],
            "crm.salesperson.scorecard.line": [
                ("scorecard_id.period_id", "=", self.period.id)
            ],
            "crm.commission.dispute": [("period_id", "=", self.period.id)],
            "crm.commission.analysis": [("period_id", "=", self.period.id)],
        }
        for model, domain in june.items():
            with self.subTest(model=model):
                # HR reads Guo Qiang's June in each of them
                self.assertIn(guo, self.env[model].with_user(hr).search(domain).user_id)
        self.env["crm.team.member"].with_user(manager).create(
            {"crm_team_id": self.team_east.id, "user_id": guo.id}
        )
        self.assertIn(guo, self.team_east.member_ids)
        for model, domain in june.items():
            with self.subTest(model=model):
                readable = self.env[model].with_user(manager).search(domain).user_id
                self.assertNotIn(guo, readable)
                if model != "crm.commission.dispute":
                    self.assertIn(self.user_commission_user, readable)
        targets = (
            self.env["crm.commission.target"]
            .with_user(manager)
            .search([("user_id", "=", guo.id)])
        )
        self.assertEqual(targets.mapped("period_start"), [next_month])
        with self.assertRaises(AccessError):
            self.summary_guo.with_user(manager).read(["commission"])
        self.assertEqual(self.summary_guo.leader_ids, self.env["res.users"])
        self.assertEqual(self.summary_liu.leader_ids, manager)

    def test_joining_a_team_after_the_period_gives_its_leader_no_say(self):
        """Yang Lei adds Guo Qiang to team East in December: he approves
        Liu Yang's June, not Guo Qiang's, which HR approves."""
        self.team_east.member_ids |= self.user_north
        manager = self.user_commission_manager
        self.period.with_user(manager).action_approve()
        self.assertEqual(self.summary_liu.approved_by_id, manager)
        self.assertFalse(self.summary_guo.approved_by_id)
        with self.assertRaisesRegex(UserError, "team you lead"):
            self.period.with_user(manager).action_approve()
