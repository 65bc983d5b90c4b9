# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .satisfaction_common import SatisfactionCommon

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestSatisfactionCampaign(SatisfactionCommon):
    """Three customers recomputed on 2026-06-30, and their people.

    Changchun Axle Works (Li Na, automotive): 12 000 invoiced, class A. Its
    purchasing manager Zhou Jie and its engineer Chen Bo have an email; Wu Lei
    (purchasing) has none; Ma Lin (purchasing) is also one of our users; its
    receiving dock is a delivery address, not a person.
    Nanjing Resin Chemicals (Wang Fang, chemicals): 2 000, class B; Gao Yan
    (purchasing).
    Harbin Gears (Li Na, automotive): 500, class C; Lin Tao (quality).
    Of 14 500, Axles holds 82.8 %: the customers ranked above Resins hold
    more than 80 %, so Resins is B, and those above Gears 96.6 %: C.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purchasing = cls.env.ref("crm_industrial.crm_contact_role_purchasing")
        cls.engineering = cls.env.ref("crm_industrial.crm_contact_role_engineering")
        quality = cls.env.ref("crm_industrial.crm_contact_role_quality")
        automotive, chemicals = cls.env["res.partner.industry"].create(
            [{"name": "Automotive parts"}, {"name": "Chemicals"}]
        )
        cls.chemicals = chemicals
        cls.customer_auto.write(
            {"user_id": cls.user_salesman.id, "industry_id": automotive.id}
        )
        cls.customer_chem.write(
            {"user_id": cls.user_sales_manager.id, "industry_id": chemicals.id}
        )
        cls.gears = cls.env["res.partner"].create(
            {
                "name": "Harbin Gears",
                "is_company": True,
                "user_id": cls.user_salesman.id,
                "industry_id": automotive.id,
            }
        )
        cls.zhou_jie = cls.buyer_auto
        cls.zhou_jie.write(
            {
                "email": "zhou.jie@axles.example.com",
                "crm_contact_role_id": cls.purchasing.id,
            }
        )
        cls.chen_bo = cls._contact(cls.customer_auto, "Chen Bo", cls.engineering)
        cls.env["res.partner"].create(
            {
                "name": "Wu Lei",
                "parent_id": cls.customer_auto.id,
                "crm_contact_role_id": cls.purchasing.id,
            }
        )
        ma_lin = cls._contact(cls.customer_auto, "Ma Lin", cls.purchasing)
        cls._new_user("ind_ma_lin", "Ma Lin", "base.group_user", partner_id=ma_lin.id)
        cls.env["res.partner"].create(
            {
                "name": "Axles Receiving Dock",
                "type": "delivery",
                "parent_id": cls.customer_auto.id,
                "email": "dock@axles.example.com",
            }
        )
        cls.gao_yan = cls._contact(cls.customer_chem, "Gao Yan", cls.purchasing)
        cls.lin_tao = cls._contact(cls.gears, "Lin Tao", quality)
        post = cls._post_customer_document
        post(cls.customer_auto, "out_invoice", 12000.0, date(2026, 3, 2))
        post(cls.customer_chem, "out_invoice", 2000.0, date(2026, 5, 20))
        post(cls.gears, "out_invoice", 500.0, date(2026, 1, 10))
        result = cls.env["crm.customer.profile"]._recompute(cls.company, today=TODAY)
        assert not result.failures, result.failures
        cls.Campaign = cls.env["crm.survey.campaign"].with_user(cls.user_sales_manager)

    def _campaign(self, **values):
        return self.Campaign.create(
            {"name": "Summer 2026", "survey_id": self.relationship.id, **values}
        )

    def test_the_filters_choose_the_contacts(self):
        stage = self.env["crm.lifecycle.stage"].search([("code", "=", "maturity")])
        everyone = self.zhou_jie | self.chen_bo | self.gao_yan | self.lin_tao
        for values, contacts in (
            ({}, everyone),
            ({"abc_class_a": True}, self.zhou_jie | self.chen_bo),
            ({"abc_class_b": True, "abc_class_c": True}, self.gao_yan | self.lin_tao),
            (
                {
                    "abc_class_a": True,
                    "contact_role_ids": [Command.set(self.purchasing.ids)],
                },
                self.zhou_jie,
            ),
            ({"industry_ids": [Command.set(self.chemicals.ids)]}, self.gao_yan),
            (
                {"salesperson_ids": [Command.set(self.user_salesman.ids)]},
                self.zhou_jie | self.chen_bo | self.lin_tao,
            ),
            # every customer is in exploration (first invoice this year)
            (
                {"lifecycle_stage_ids": [Command.set(stage.ids)]},
                self.env["res.partner"],
            ),
        ):
            with self.subTest(values=values):
                campaign = self._campaign(**values)
                self.assertEqual(campaign.contact_ids, contacts)
                self.assertEqual(campaign.contact_count, len(contacts))

    @freeze_time("2026-06-30 08:00:00")
    def test_send_invites_in_the_companys_name(self):
        self.env.company.email = "service@seller.example.com"
        campaign = self._campaign(
            abc_class_a=True, contact_role_ids=[Command.set(self.purchasing.ids)]
        )
        campaign.action_send()
        self.assertEqual(campaign.state, "sent")
        answer = campaign.sudo().answer_ids
        self.assertEqual(answer.partner_id, self.zhou_jie)
        self.assertEqual(
            (
                answer.crm_partner_id,
                answer.crm_salesperson_id,
                answer.crm_team_id,
                answer.crm_invitation,
                answer.crm_company_id,
                answer.state,
            ),
            (
                self.customer_auto,
                self.user_salesman,
                self.team,
                "campaign",
                self.company,
                "new",
            ),
        )
        mail = self.env["mail.mail"].search([("recipient_ids", "=", self.zhou_jie.id)])
        self.assertEqual(
            mail.subject, "Participate to How Are We Doing as Your Supplier? survey"
        )
        self.assertEqual(mail.author_id, self.company.partner_id)
        self.assertIn("service@seller.example.com", mail.email_from)
        self.assertIn(answer.access_token, str(mail.body_html))
        self.assertIn(
            'Contacts invited to "How Are We Doing as Your Supplier?": 1;',
            str(campaign.message_ids[0].body),
        )
        with self.assertRaisesRegex(UserError, "was already sent"):
            campaign.action_send()

    def test_a_contact_is_asked_at_most_every_180_days(self):
        """Zhou Jie was asked after a delivery on 2026-02-01.

        On 2026-07-30, 179 days later, a campaign leaves him out; on
        2026-07-31, 180 days later, it asks him again.
        """
        self._invite(self.zhou_jie, "2026-02-01", self.transactional, "delivery")
        values = {
            "abc_class_a": True,
            "contact_role_ids": [Command.set(self.purchasing.ids)],
        }
        with freeze_time("2026-07-30"):
            campaign = self._campaign(**values)
            self.assertFalse(campaign.contact_ids)
            self.assertEqual(campaign.skipped_count, 1)
            with self.assertRaisesRegex(UserError, r"all\s+of them \(1\) were asked"):
                campaign.action_send()
            self.assertEqual(campaign.state, "draft")
        with freeze_time("2026-07-31"):
            campaign = self._campaign(**values)
            self.assertEqual(campaign.contact_ids, self.zhou_jie)
            campaign.action_send()
        self.assertEqual(len(campaign.sudo().answer_ids), 1)

    def test_salespeople_never_choose_who_judges_them(self):
        with self.assertRaises(AccessError):
            self.env["crm.survey.campaign"].with_user(self.user_salesman).create(
                {"name": "My friends", "survey_id": self.relationship.id}
            )
        campaign = self._campaign()
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_salesman).action_send()
        with self.assertRaises(AccessError):
            self.Answer.with_user(self.user_salesman).create(
                {"survey_id": self.relationship.id, "partner_id": self.zhou_jie.id}
            )
        self.assertFalse(self.Answer.sudo().search([("crm_invitation", "!=", False)]))

    def test_a_relationship_survey_needs_its_nps_question(self):
        survey = self.relationship.copy()
        survey.question_ids.filtered(lambda q: q.crm_score_role == "nps").write(
            {"crm_score_role": False}
        )
        campaign = self._campaign(survey_id=survey.id)
        with self.assertRaisesRegex(UserError, "relationship survey without an NPS"):
            campaign.action_send()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self.Answer.sudo().search([("survey_id", "=", survey.id)]))

    def test_all_invitations_or_none(self):
        """The mail cannot go out: no invitation is kept, the campaign stays a draft."""
        campaign = self._campaign()
        with (
            patch.object(
                type(self.Answer),
                "_crm_send_invitations",
                side_effect=UserError("No outgoing mail server"),
            ),
            self.assertRaises(UserError) as caught,
        ):
            campaign.action_send()
        self.assertEqual(str(caught.exception), "No outgoing mail server")
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(self.Answer.sudo().search([("crm_invitation", "!=", False)]))


@tagged("post_install", "-at_install")
class TestSatisfactionAfterDelivery(SatisfactionCommon):
    """Changchun Axle Works (Li Na) receives at its dock, Liu Wei's address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_auto.user_id = cls.user_salesman
        cls.dock = cls.env["res.partner"].create(
            {
                "name": "Liu Wei",
                "type": "delivery",
                "parent_id": cls.customer_auto.id,
                "email": "dock@axles.example.com",
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Tapered roller bearing", "type": "consu"}
        )

    def _deliver(self, day, customer=None, address=None):
        with freeze_time(day):
            order = self.env["sale.order"].create(
                {
                    "partner_id": (customer or self.customer_auto).id,
                    "partner_shipping_id": (address or self.dock).id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 4}
                        )
                    ],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            picking.move_ids.quantity = 4
            picking.button_validate()
        return picking

    def _invitations(self):
        return self.Answer.sudo().search([("crm_invitation", "=", "delivery")])

    def test_off_by_default(self):
        self.assertEqual(self.env.company.survey_delivery_every, 0)
        self._deliver("2026-01-05")
        self.assertFalse(self._invitations())

    def test_every_second_delivery_unless_asked_recently(self):
        """Every 2nd delivery, at most every 180 days.

        2026-01-05 1st: no. 2026-02-05 2nd: Liu Wei is asked. 2026-03-05 3rd:
        no. 2026-04-05 4th: asked 59 days ago, left out. 2026-06-05 5th: no.
        2026-08-10 6th: 186 days after 2026-02-05, asked again.
        """
        self.env.company.survey_delivery_every = 2
        pickings = [
            self._deliver(day)
            for day in (
                "2026-01-05",
                "2026-02-05",
                "2026-03-05",
                "2026-04-05",
                "2026-06-05",
                "2026-08-10",
            )
        ]
        invitations = self._invitations().sorted("crm_invitation_date")
        self.assertEqual(invitations.crm_picking_id, pickings[1] | pickings[5])
        self.assertEqual(
            invitations.crm_sale_order_id, pickings[1].sale_id | pickings[5].sale_id
        )
        self.assertEqual(invitations.partner_id, self.dock)
        self.assertEqual(invitations.survey_id, self.transactional)
        self.assertEqual(invitations.crm_partner_id, self.customer_auto)
        self.assertEqual(invitations.crm_salesperson_id, self.user_salesman)

    def test_nobody_to_ask_never_stops_a_delivery(self):
        """A dock without email, a private buyer: delivered, nobody asked."""
        self.env.company.survey_delivery_every = 1
        self.dock.email = False
        private = self.env["res.partner"].create(
            {"name": "Sun Li", "email": "sun.li@example.com"}
        )
        first = self._deliver("2026-03-01")
        second = self._deliver("2026-03-02", customer=private, address=private)
        self.assertEqual((first.state, second.state), ("done", "done"))
        self.assertFalse(self._invitations())


@tagged("post_install", "-at_install")
class TestSatisfactionSettings(SatisfactionCommon):
    def test_settings_are_saved_and_bounded(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.user_settings_admin)
        )
        self.assertEqual(settings.survey_delivery_survey_id, self.transactional)
        settings.survey_delivery_every = 3
        settings.survey_contact_interval_days = 90
        settings.satisfaction_window_months = 6
        settings.satisfaction_min_answers = 10
        settings.save().execute()
        self.assertEqual(
            (
                self.company.survey_delivery_every,
                self.company.survey_contact_interval_days,
                self.company.satisfaction_window_months,
                self.company.satisfaction_min_answers,
            ),
            (3, 90, 6, 10),
        )
        for field, value in (
            ("survey_delivery_every", -1),
            ("survey_delivery_every", 1001),
            ("survey_contact_interval_days", 3651),
            ("satisfaction_window_months", 0),
            ("satisfaction_window_months", 121),
            ("satisfaction_min_answers", 0),
        ):
            with self.subTest(field=field, value=value):
                with self.assertRaises(ValidationError):
                    self.company.write({field: value})
