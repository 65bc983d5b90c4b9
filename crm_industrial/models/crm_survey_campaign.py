# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

CAMPAIGN_STATES = [("draft", "Draft"), ("sent", "Sent")]


class CrmSurveyCampaign(models.Model):
    """A satisfaction survey the company sends to chosen customers' contacts.

    Sales managers choose the customers (class, stage, industry,
    salesperson) and the contacts' role; the salespeople judged by the
    answers choose nobody. Contacts asked within the company's minimum
    interval are left out.
    """

    _name = "crm.survey.campaign"
    _description = "Satisfaction Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        readonly=True,
        index=True,
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        domain=[("crm_survey_kind", "!=", False)],
        tracking=True,
    )
    state = fields.Selection(
        CAMPAIGN_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True)
    abc_class_a = fields.Boolean(string="Class A")
    abc_class_b = fields.Boolean(string="Class B")
    abc_class_c = fields.Boolean(string="Class C")
    lifecycle_stage_ids = fields.Many2many(
        "crm.lifecycle.stage",
        "crm_survey_campaign_lifecycle_stage_rel",
        "campaign_id",
        "stage_id",
        string="Lifecycle Stages",
    )
    industry_ids = fields.Many2many(
        "res.partner.industry",
        "crm_survey_campaign_industry_rel",
        "campaign_id",
        "industry_id",
        string="Industries",
    )
    salesperson_ids = fields.Many2many(
        "res.users",
        "crm_survey_campaign_salesperson_rel",
        "campaign_id",
        "user_id",
        string="Salespeople",
        domain=[("share", "=", False)],
    )
    contact_role_ids = fields.Many2many(
        "crm.contact.role",
        "crm_survey_campaign_contact_role_rel",
        "campaign_id",
        "role_id",
        string="Contact Roles",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        string="Contacts to Ask",
        compute="_compute_contact_ids",
        help="The contacts with an email of the customers that match the "
        "filters, in the company's customer profiles, except those asked "
        "within the company's minimum interval.",
    )
    contact_count = fields.Integer(string="Contacts", compute="_compute_contact_ids")
    skipped_count = fields.Integer(
        string="Asked Recently",
        compute="_compute_contact_ids",
        help="Matching contacts left out: asked within the company's minimum interval.",
    )
    answer_ids = fields.One2many(
        "survey.user_input", "crm_campaign_id", string="Invitations", readonly=True
    )
    invitation_count = fields.Integer(compute="_compute_answer_counts")
    response_count = fields.Integer(string="Answers", compute="_compute_answer_counts")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "state",
        "company_id",
        "abc_class_a",
        "abc_class_b",
        "abc_class_c",
        "lifecycle_stage_ids",
        "industry_ids",
        "salesperson_ids",
        "contact_role_ids",
    )
    def _compute_contact_ids(self):
        for campaign in self:
            if campaign.state != "draft":
                contacts = skipped = self.env["res.partner"]
            else:
                contacts, skipped = campaign._contacts_to_ask()
            campaign.contact_ids = contacts
            campaign.contact_count = len(contacts)
            campaign.skipped_count = len(skipped)

    @api.depends("answer_ids.state")
    def _compute_answer_counts(self):
        for campaign in self:
            answers = campaign.sudo().answer_ids
            campaign.invitation_count = len(answers)
            campaign.response_count = len(
                answers.filtered(lambda answer: answer.state == "done")
            )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(campaign.state == "sent" for campaign in self):
            raise UserError(
                self.env._(
                    "A sent campaign is kept: its invitations and answers refer to it."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Invite the contacts to ask, all of them or none (sales managers)."""
        self.env["crm.customer.profile"]._check_sales_manager(
            self.env._(
                "Only sales managers send satisfaction surveys: the salespeople "
                "judged by the answers do not choose who is asked."
            )
        )
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    self.env._(
                        'Campaign "%(campaign)s" was already sent.',
                        campaign=campaign.name,
                    )
                )
            campaign.survey_id.sudo()._crm_check_sendable()
            contacts, skipped = campaign._contacts_to_ask()
            if not contacts:
                raise UserError(
                    self.env._(
                        'Campaign "%(campaign)s" has no contact to ask: no '
                        "contact with an email at the matching customers, or all "
                        "of them (%(skipped)s) were asked recently.",
                        campaign=campaign.name,
                        skipped=len(skipped),
                    )
                )
            answers = self.env["survey.user_input"]._crm_invite(
                campaign.survey_id,
                campaign.company_id,
                contacts,
                "campaign",
                crm_campaign_id=campaign.id,
            )
            campaign.sudo().write({"state": "sent", "sent_date": fields.Datetime.now()})
            campaign.message_post(
                body=self.env._(
                    'Contacts invited to "%(survey)s": %(count)s; left out, '
                    "asked recently: %(skipped)s.",
                    count=len(answers),
                    survey=campaign.survey_id.title,
                    skipped=len(skipped),
                )
            )
        return True

    def action_view_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_industrial.crm_survey_answer_action"
        )
        action["domain"] = [("crm_campaign_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _customers(self):
        """The customer companies of the company's profiles that match."""
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("partner_id.is_company", "=", True),
        ]
        classes = [
            abc_class
            for abc_class, chosen in (
                ("a", self.abc_class_a),
                ("b", self.abc_class_b),
                ("c", self.abc_class_c),
            )
            if chosen
        ]
        if classes:
            domain.append(("abc_class", "in", classes))
        if self.lifecycle_stage_ids:
            domain.append(("lifecycle_stage_id", "in", self.lifecycle_stage_ids.ids))
        if self.industry_ids:
            domain.append(("industry_id", "in", self.industry_ids.ids))
        if self.salesperson_ids:
            domain.append(("user_id", "in", self.salesperson_ids.ids))
        return self.env["crm.customer.profile"].sudo().search(domain).partner_id

    def _contacts_to_ask(self):
        """The contacts to invite, and those left out as asked recently.

        The active people (not addresses) of the matching customers with an
        email, of the chosen roles; never one of our own users.
        """
        self.ensure_one()
        customers = self._customers()
        if not customers:
            return self.env["res.partner"], self.env["res.partner"]
        domain = [
            ("commercial_partner_id", "in", customers.ids),
            ("is_company", "=", False),
            ("type", "=", "contact"),
            ("email_normalized", "!=", False),
        ]
        if self.contact_role_ids:
            domain.append(("crm_contact_role_id", "in", self.contact_role_ids.ids))
        contacts = (
            self.env["res.partner"]
            .sudo()
            .search(domain)
            .filtered(
                lambda contact: (
                    not contact.user_ids.filtered(lambda user: not user.share)
                )
            )
        )
        skipped = self.env["survey.user_input"]._crm_recently_asked(
            contacts, self.company_id
        )
        return (contacts - skipped).sudo(False), skipped.sudo(False)
