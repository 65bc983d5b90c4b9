# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.crm_key_account_plan_objective import (
    OBJECTIVE_TYPES,
    objective_progress,
)
from .plan_common import KeyAccountPlanCommon

REPORT = "crm_key_account.crm_key_account_plan_report"


@tagged("post_install", "-at_install")
class TestAccountPlan(KeyAccountPlanCommon):
    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def test_workflow_with_review_notes_and_director_approval(self):
        plan = self._plan(situation="Two new axle lines for electric trucks")
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.company_id, self.key_account.company_id)
        manager = self.user_key_account_manager
        director = self.user_key_account_director

        with self.assertRaises(UserError):  # no review note
            plan.with_user(manager).action_submit("  ")
        with self.assertRaises(AccessError):  # the team reads, does not submit
            plan.with_user(self.user_team_member).action_submit("Ready")
        plan.with_user(manager).action_submit("Ready for the annual review")
        self.assertEqual(plan.state, "submitted")

        with self.assertRaises(AccessError):  # only a director approves
            plan.with_user(manager).action_approve("Fine by me")
        with self.assertRaises(UserError):  # nor through a write
            plan.with_user(manager).write({"state": "approved"})
        self.assertEqual(plan.state, "submitted")

        review = (
            self.env["crm.key.account.plan.review"]
            .with_user(director)
            .create(
                {
                    "plan_id": plan.id,
                    "transition": "approve",
                    "note": "Approved: push the rail option",
                }
            )
        )
        review.action_confirm()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, director)
        self.assertTrue(plan.approved_date)

        with self.assertRaises(UserError):  # approved plans are not closed
            plan.with_user(manager).action_close("Done")
        plan.with_user(manager).action_start_execution("Kick-off on 5 January")
        plan.with_user(manager).action_close("Year reviewed with the customer")
        self.assertEqual(plan.state, "closed")
        with self.assertRaises(UserError):  # its history stays
            plan.with_user(director).unlink()

        notes = plan.message_ids.mapped("body")
        for note in (
            "Ready for the annual review",
            "Approved: push the rail option",
            "Kick-off on 5 January",
            "Year reviewed with the customer",
        ):
            self.assertTrue(any(note in body for body in notes), note)

    def test_director_returns_a_submitted_plan_to_draft(self):
        plan = self._plan()
        plan.with_user(self.user_key_account_manager).action_submit("Ready")
        with self.assertRaises(AccessError):
            plan.with_user(self.user_key_account_manager).action_return_to_draft("Redo")
        plan.with_user(self.user_key_account_director).action_return_to_draft(
            "Objectives lack a margin target"
        )
        self.assertEqual(plan.state, "draft")

    # ------------------------------------------------------------------
    # Next year's plan
    # ------------------------------------------------------------------

    def test_next_year_plan_starts_from_this_one(self):
        competitor = self.env["res.partner"].create(
            {"name": "Harbin Bearing Co.", "is_company": True}
        )
        plan = self._plan(
            year=2026,
            situation="Two new axle lines for electric trucks",
            swot_threats="Price pressure from Harbin",
            competitor_ids=[
                Command.create(
                    {
                        "competitor_id": competitor.id,
                        "product_lines": "Wheel bearings",
                        "estimated_share_pct": 35,
                    }
                )
            ],
            contact_ids=[
                Command.create(
                    {
                        "partner_id": self.buyer_auto.id,
                        "role": "buyer",
                        "attitude": "supporter",
                        "influence": 4,
                    }
                )
            ],
            objective_ids=[
                Command.create(
                    {"objective_type": "revenue", "name": "Grow", "target": 1000}
                )
            ],
            action_ids=[
                Command.create(
                    {
                        "name": "Plant audit",
                        "user_id": self.user_team_member.id,
                        "date_deadline": "2026-12-15",
                    }
                ),
                Command.create(
                    {
                        "name": "Price review",
                        "user_id": self.user_key_account_manager.id,
                        "date_deadline": "2026-10-01",
                    }
                ),
            ],
        )
        audit, price_review = plan.action_ids.sorted("name")
        price_review.with_user(self.user_key_account_manager).action_done()
        old_audit_activity = audit.activity_id

        action = plan.with_user(self.user_key_account_manager).action_start_next_year()
        next_plan = self.Plan.browse(action["res_id"])
        self.assertEqual(next_plan.year, 2027)
        self.assertEqual(next_plan.state, "draft")
        self.assertEqual(next_plan.previous_plan_id, plan)
        self.assertEqual(next_plan.situation, "Two new axle lines for electric trucks")
        self.assertEqual(next_plan.swot_threats, "Price pressure from Harbin")
        self.assertEqual(next_plan.competitor_ids.competitor_id, competitor)
        self.assertEqual(next_plan.competitor_ids.estimated_share_pct, 35)
        self.assertEqual(next_plan.contact_ids.partner_id, self.buyer_auto)
        self.assertEqual(next_plan.contact_ids.attitude, "supporter")
        self.assertFalse(next_plan.objective_ids)  # targets are set anew
        # only the open item moves, with a new activity; here it is carried over
        self.assertEqual(next_plan.action_ids.name, "Plant audit")
        self.assertEqual(next_plan.action_ids.state, "open")
        self.assertEqual(
            next_plan.action_ids.activity_id.res_id, next_plan.id, "new activity"
        )
        self.assertEqual(audit.state, "carried_over")
        self.assertFalse(old_audit_activity.exists())
        self.assertEqual(price_review.state, "done")

        with self.assertRaises(ValidationError):  # 2027 exists now
            plan.with_user(self.user_key_account_manager).action_start_next_year()

    # ------------------------------------------------------------------
    # Objectives
    # ------------------------------------------------------------------

    def test_objective_revenue_is_invoiced_in_the_plan_year(self):
        post = self._post_customer_document
        post(self.customer_auto, "out_invoice", 1000, "2025-02-10")
        post(self.customer_auto, "out_refund", 200, "2025-03-01")
        post(self.buyer_auto, "out_invoice", 500, "2025-05-03")  # its contact
        post(self.customer_auto, "out_invoice", 700, "2024-12-31")  # year before
        post(self.customer_auto, "out_invoice", 900, "2026-01-05")  # year after
        post(self.customer_chem, "out_invoice", 4000, "2025-06-01")  # other customer
        plan = self._plan(
            year=2025,
            objective_ids=[
                Command.create(
                    {"objective_type": "revenue", "name": "Revenue", "target": 2600}
                )
            ],
        )
        objective = plan.objective_ids
        # 1 000 + 500 - 200 = 1 300 invoiced in 2025; 1 300 / 2 600 = 50 %
        self.assertAlmostEqual(objective.actual, 1300.0)
        self.assertEqual(objective.actual_text, "1,300.00")
        self.assertTrue(objective.is_measured)
        self.assertAlmostEqual(objective.progress_pct, 50.0)

    def test_objective_margin_and_new_categories_from_confirmed_orders(self):
        bearings = self.env["product.category"].create({"name": "Bearings"})
        seals = self.env["product.category"].create({"name": "Seals"})
        bearing = self.env["product.product"].create(
            {
                "name": "Tapered roller bearing",
                "type": "service",
                "categ_id": bearings.id,
                "list_price": 1000,
                "standard_price": 600,
            }
        )
        seal = self.env["product.product"].create(
            {
                "name": "Shaft seal",
                "type": "service",
                "categ_id": seals.id,
                "list_price": 300,
                "standard_price": 100,
            }
        )

        def order(day, lines):
            sale = self.env["sale.order"].create(
                {
                    "partner_id": self.buyer_auto.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                        for product, qty in lines
                    ],
                }
            )
            sale.action_confirm()
            sale.date_order = day
            return sale

        order("2024-04-02 08:00:00", [(bearing, 1)])
        order("2025-04-02 08:00:00", [(bearing, 2), (seal, 1)])
        draft = self.env["sale.order"].create(
            {
                "partner_id": self.customer_auto.id,
                "date_order": "2025-05-02 08:00:00",
                "order_line": [Command.create({"product_id": seal.id})],
            }
        )
        self.assertEqual(draft.state, "draft")
        plan = self._plan(
            year=2025,
            objective_ids=[
                Command.create(
                    {"objective_type": "margin", "name": "Margin", "target": 2000}
                ),
                Command.create(
                    {
                        "objective_type": "new_category",
                        "name": "Sell seals",
                        "target": 2,
                    }
                ),
            ],
        )
        margin, new_category = plan.objective_ids.sorted("id")
        # 2025: 2 x (1 000 - 600) + 1 x (300 - 100) = 1 000; 1 000 / 2 000 = 50 %
        self.assertAlmostEqual(margin.actual, 1000.0)
        self.assertAlmostEqual(margin.progress_pct, 50.0)
        # bearings were bought in 2024 already; seals are new: 1 of 2 = 50 %
        self.assertEqual(new_category.actual, 1.0)
        self.assertAlmostEqual(new_category.progress_pct, 50.0)

    def test_objective_satisfaction_complaints_custom_and_not_measured(self):
        self.env["crm.satisfaction.score"].create(
            {
                "company_id": self.company.id,
                "scope": "customer",
                "partner_id": self.customer_auto.id,
                "dimension": "nps",
                "score": 40,
                "answer_count": 12,
                "enough": True,
            }
        )
        for received in ("2025-03-10 02:00:00", "2025-09-01 02:00:00", "2024-11-11"):
            self.env["crm.claim"].create(
                {
                    "name": "Noisy bearings",
                    "partner_id": self.buyer_auto.id,
                    "date": received,
                }
            )
        plan = self._plan(
            year=2025,
            objective_ids=[
                Command.create(
                    {"objective_type": t, "name": t, "target": target, **extra}
                )
                for t, target, extra in (
                    ("satisfaction", 50, {}),
                    ("complaints", 1, {}),
                    ("custom", 4, {"manual_actual": 3}),
                    ("share_of_wallet", 30, {}),
                    ("on_time_delivery", 95, {}),
                )
            ],
        )
        by_type = {o.objective_type: o for o in plan.objective_ids}
        # NPS +40 against a target of 50: 80 %
        self.assertEqual(by_type["satisfaction"].actual, 40.0)
        self.assertAlmostEqual(by_type["satisfaction"].progress_pct, 80.0)
        # two complaints received in 2025 against at most one: 1 / 2 = 50 %
        self.assertEqual(by_type["complaints"].actual, 2.0)
        self.assertEqual(by_type["complaints"].actual_text, "2")
        self.assertAlmostEqual(by_type["complaints"].progress_pct, 50.0)
        # 3 of 4 by hand: 75 %
        self.assertEqual(by_type["custom"].actual, 3.0)
        self.assertAlmostEqual(by_type["custom"].progress_pct, 75.0)
        for not_measured in ("share_of_wallet", "on_time_delivery"):
            objective = by_type[not_measured]
            self.assertFalse(objective.is_measured)
            self.assertEqual(objective.actual_text, "not measured yet")
            self.assertEqual(objective.progress_pct, 0.0)

    def test_objective_actuals_take_as_many_queries_for_three_plans_as_one(self):
        customers = self.customer_chem | self.env["res.partner"].create(
            {"name": "Wuxi Pump Systems", "is_company": True}
        )
        plans = self._plan(year=2025)
        for customer in customers:
            account = self._active_key_account(customer)
            plans |= self.Plan.with_user(self.user_key_account_manager).create(
                {"key_account_id": account.id, "year": 2025}
            )
        plans.sudo().write(
            {
                "objective_ids": [
                    Command.create({"objective_type": t, "name": t, "target": 1})
                    for t, _label in OBJECTIVE_TYPES
                ]
            }
        )

        def queries_to_measure(plans):
            self.env.invalidate_all()
            objectives = plans.objective_ids  # read before counting
            objectives.mapped("objective_type")
            objectives.plan_id.mapped("year")
            objectives.plan_id.partner_id.mapped("name")
            before = self.cr.sql_log_count
            objectives.mapped("actual")
            return self.cr.sql_log_count - before

        queries_to_measure(plans)  # warm up the user's and the registry's caches

        # one query per measured type (revenue, margin, new categories,
        # complaints, satisfaction) and the language's formats, for one plan
        # as for three
        self.assertEqual(queries_to_measure(plans), queries_to_measure(plans[0]))

    def test_objective_progress_rule(self):
        self.assertEqual(objective_progress(1300, 2600), 50.0)
        self.assertEqual(objective_progress(3000, 2000), 150.0)
        self.assertEqual(objective_progress(-10, 40), 0.0)  # NPS below zero
        self.assertEqual(objective_progress(5, 0), 0.0)  # no target
        self.assertEqual(objective_progress(None, 10), 0.0)
        self.assertEqual(objective_progress(0, 0, lower_is_better=True), 100.0)
        self.assertEqual(objective_progress(1, 2, lower_is_better=True), 100.0)
        self.assertEqual(objective_progress(4, 1, lower_is_better=True), 25.0)

    # ------------------------------------------------------------------
    # Buying centre
    # ------------------------------------------------------------------

    def test_buying_centre_last_contact_and_uncovered_roles(self):
        engineer = self.env["res.partner"].create(
            {"name": "Ma Lin", "parent_id": self.customer_auto.id}
        )
        director = self.env["res.partner"].create(
            {"name": "Guo Qiang", "parent_id": self.customer_auto.id}
        )
        Event = self.env["calendar.event"]
        for name, start in (
            ("Line audit", "2025-10-01 02:00:00"),
            ("Annual supplier review", "2026-03-15 02:00:00"),
            ("Next year's review", "2099-03-15 02:00:00"),  # not held yet
        ):
            Event.create(
                {
                    "name": name,
                    "start": start,
                    "stop": start.replace("02:00", "04:00"),
                    "partner_ids": [Command.set(self.buyer_auto.ids)],
                }
            )
        engineer.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.user_key_account_manager.id
        ).action_feedback("Talked through the drawings")
        plan = self._plan(
            contact_ids=[
                Command.create(
                    {"partner_id": partner.id, "role": role, "attitude": attitude}
                )
                for partner, role, attitude in (
                    (self.buyer_auto, "buyer", "supporter"),
                    (engineer, "technical_evaluator", "champion"),
                    (director, "decision_maker", "sceptic"),
                )
            ]
        )
        by_partner = {c.partner_id: c for c in plan.contact_ids}
        self.assertEqual(
            by_partner[self.buyer_auto].last_contact_date, date(2026, 3, 15)
        )
        self.assertEqual(
            by_partner[engineer].last_contact_date, fields.Date.context_today(plan)
        )
        self.assertFalse(by_partner[director].last_contact_date)
        # influencer, user and gatekeeper are nobody yet
        self.assertEqual(plan.uncovered_roles, "Influencer, User, Gatekeeper")

        stranger = self.env["res.partner"].create(
            {"name": "Wu Hao", "parent_id": self.customer_chem.id}
        )
        with self.assertRaises(ValidationError):
            plan.contact_ids = [
                Command.create({"partner_id": stranger.id, "role": "user"})
            ]
        with self.assertRaises(ValidationError):  # the company is no contact
            plan.contact_ids = [
                Command.create({"partner_id": self.customer_auto.id, "role": "user"})
            ]

    def test_buying_centre_last_contacts_in_one_query(self):
        contacts = self.env["res.partner"].create(
            [
                {"name": f"Engineer {n}", "parent_id": self.customer_auto.id}
                for n in range(6)
            ]
        )
        plan = self._plan(
            contact_ids=[
                Command.create({"partner_id": partner.id, "role": "user"})
                for partner in contacts
            ]
        )
        plan.invalidate_recordset()
        plan.contact_ids.invalidate_recordset(["last_contact_date"])
        with self.assertQueryCount(1):
            plan.contact_ids.mapped("last_contact_date")

    # ------------------------------------------------------------------
    # Action items
    # ------------------------------------------------------------------

    def test_action_item_and_its_activity_close_each_other(self):
        plan = self._plan()
        plan.with_user(self.user_key_account_manager).action_ids = [
            Command.create(
                {
                    "name": "Send the PPAP samples",
                    "user_id": self.user_team_member.id,
                    "date_deadline": "2026-12-20",
                }
            ),
            Command.create(
                {
                    "name": "Book the executive visit",
                    "user_id": self.user_team_member.id,
                    "date_deadline": "2026-12-22",
                }
            ),
        ]
        samples, visit = plan.action_ids.sorted("date_deadline")
        activity = samples.activity_id
        self.assertEqual(activity.res_model, "crm.key.account.plan")
        self.assertEqual(activity.res_id, plan.id)
        self.assertEqual(activity.user_id, self.user_team_member)
        self.assertEqual(activity.summary, "Send the PPAP samples")
        self.assertEqual(activity.date_deadline, date(2026, 12, 20))
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )

        # the owner marks the activity done: the item closes
        activity.with_user(self.user_team_member).action_feedback("Samples shipped")
        self.assertEqual(samples.state, "done")
        self.assertTrue(samples.done_date)

        # the manager closes the item: the activity is done
        with self.assertRaises(AccessError):  # not the owner, cannot edit
            visit.with_user(self.user_salesman).action_done()
        visit.with_user(self.user_key_account_manager).action_done()
        self.assertEqual(visit.state, "done")
        self.assertFalse(visit.activity_id.active)
        self.assertIn(
            "Action item closed by Chen Jing", visit.activity_id.feedback or ""
        )

        # the due date moves the activity's deadline
        plan.with_user(self.user_key_account_manager).action_ids = [
            Command.create(
                {
                    "name": "Train the line operators",
                    "user_id": self.user_team_member.id,
                    "date_deadline": "2027-01-10",
                }
            )
        ]
        training = plan.action_ids.filtered(lambda a: a.state == "open")
        training.with_user(self.user_key_account_manager).date_deadline = "2027-01-20"
        self.assertEqual(training.activity_id.date_deadline, date(2027, 1, 20))
        training.with_user(self.user_team_member).action_done()  # its owner
        self.assertEqual(training.state, "done")

    # ------------------------------------------------------------------
    # Invalid input
    # ------------------------------------------------------------------

    def test_invalid_input_is_refused_and_nothing_saved(self):
        proposed = (
            self.env["crm.key.account"]
            .with_user(self.user_key_account_manager)
            .create(
                {
                    "partner_id": self.customer_chem.id,
                    "proposal_reason": "Resin for our seals",
                    "manager_id": self.user_key_account_manager.id,
                }
            )
        )
        with self.assertRaises(ValidationError):  # not an active key account
            self.Plan.with_user(self.user_key_account_director).create(
                {"key_account_id": proposed.id, "year": 2026}
            )

        self._plan(year=2026)
        with self.assertRaises(ValidationError):  # a second plan for 2026
            self._plan(year=2026)
        plan_2027 = self._plan(year=2027)
        with self.assertRaises(ValidationError):  # nor by moving another year
            plan_2027.with_user(self.user_key_account_manager).write({"year": 2026})

        with self.assertRaises(ValidationError):  # an action item without owner
            self._plan(
                year=2028,
                situation="Draft",
                action_ids=[Command.create({"name": "Plant audit"})],
            )
        self.assertFalse(self.Plan.search([("year", "=", 2028)]))
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "crm.key.account.plan"),
                    ("summary", "=", "Plant audit"),
                ]
            )
        )
        self.assertEqual(
            self.Plan.search([("key_account_id", "=", self.key_account.id)]).mapped(
                "year"
            ),
            [2027, 2026],
        )

    # ------------------------------------------------------------------
    # The printed plan
    # ------------------------------------------------------------------

    def test_plan_prints_with_the_customer_name(self):
        plan = self._plan(
            situation="Two new axle lines for electric trucks",
            swot_strengths="Local plant, 48 h delivery",
            contact_ids=[
                Command.create({"partner_id": self.buyer_auto.id, "role": "buyer"})
            ],
            objective_ids=[
                Command.create(
                    {"objective_type": "revenue", "name": "Grow axles", "target": 1}
                )
            ],
            action_ids=[
                Command.create(
                    {
                        "name": "Plant audit",
                        "user_id": self.user_team_member.id,
                        "date_deadline": "2026-12-15",
                    }
                )
            ],
        )
        Report = self.env["ir.actions.report"].with_user(self.user_key_account_manager)
        html, _format = Report._render_qweb_html(REPORT, plan.ids)
        html = html.decode()
        for text in (
            "Changchun Axle Works",
            "Two new axle lines for electric trucks",
            "Local plant, 48 h delivery",
            "Zhou Jie",
            "Grow axles",
            "Plant audit",
        ):
            self.assertIn(text, html)
        pdf, _format = Report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(REPORT, plan.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
