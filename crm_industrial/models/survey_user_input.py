# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .satisfaction_rules import is_detractor, mean, nps_category

_logger = logging.getLogger(__name__)

INVITATIONS = [("campaign", "Campaign"), ("delivery", "After a delivery")]
NOT_COUNTED_REASONS = [
    ("test", "Test entry"),
    ("internal", "Internal user"),
    ("not_invited", "Not sent by the company"),
    ("no_customer", "No customer company"),
]
NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]
# answer types whose text is the respondent's own words
TEXT_ANSWER_TYPES = ("text_box", "char_box")
# a contact's answers exported at their request: these columns, then the line's
EXPORT_COLUMNS = (
    "id",
    "survey_id",
    "state",
    "start_datetime",
    "end_datetime",
    "partner_id",
    "email",
    "crm_partner_id",
    "crm_invitation",
    "crm_invitation_date",
    "crm_counted",
    "crm_not_counted_reason",
    "crm_nps",
    "crm_csat_avg",
    "crm_comment",
)


class SurveyUserInput(models.Model):
    """A survey answer, and what it says of a customer when we asked for it.

    The ``crm_*`` fields are written by the company's invitations (a
    campaign, the rule after deliveries) and when the answer is completed,
    never by hand: answers to other surveys keep them empty.
    """

    _inherit = "survey.user_input"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    crm_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index=True,
        help="The customer company the respondent speaks for.",
    )
    crm_company_id = fields.Many2one(
        "res.company", string="Asked By Company", readonly=True, index="btree_not_null"
    )
    crm_salesperson_id = fields.Many2one(
        "res.users",
        string="Salesperson at Answer",
        readonly=True,
        index="btree_not_null",
        help="Who owned the customer when the answer came in, from the ownership "
        "history: a later reassignment never moves the answer.",
    )
    crm_team_id = fields.Many2one(
        "crm.team", string="Sales Team at Answer", readonly=True, index="btree_not_null"
    )
    crm_sale_order_id = fields.Many2one(
        "sale.order", string="Sale Order", readonly=True, index="btree_not_null"
    )
    crm_picking_id = fields.Many2one(
        "stock.picking", string="Delivery", readonly=True, index="btree_not_null"
    )
    crm_campaign_id = fields.Many2one(
        "crm.survey.campaign",
        string="Campaign",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    crm_invitation = fields.Selection(
        INVITATIONS,
        string="Invited By",
        readonly=True,
        help="How the company invited the respondent; empty when the answer "
        "came through no invitation of ours.",
    )
    crm_invitation_date = fields.Datetime(string="Invited On", readonly=True)
    crm_counted = fields.Boolean(
        string="Counted",
        readonly=True,
        index=True,
        help="Completed answer to an invitation of ours, from a customer's "
        "contact: it counts in the satisfaction scores.",
    )
    crm_not_counted_reason = fields.Selection(
        NOT_COUNTED_REASONS,
        string="Not Counted Because",
        readonly=True,
        help="Kept, never counted: test entries, answers of our own users, "
        "answers that came through no invitation of ours, and answers of "
        "contacts of no customer company.",
    )
    crm_nps = fields.Integer(
        string="NPS Answer",
        readonly=True,
        aggregator=None,
        help="The 0-10 answer to the NPS question; empty when not answered.",
    )
    crm_nps_category = fields.Selection(
        NPS_CATEGORIES, string="NPS Category", readonly=True
    )
    crm_csat_avg = fields.Float(
        string="CSAT Average",
        readonly=True,
        aggregator="avg",
        help="The average of the answer's CSAT ratings (1-5).",
    )
    crm_comment = fields.Text(string="Comment", readonly=True)
    crm_detractor = fields.Boolean(
        string="Detractor",
        readonly=True,
        index=True,
        help="A counted answer with NPS 0-6 or a CSAT rating of 2 or less: the "
        "customer's salesperson follows it up.",
    )
    crm_followup_activity_id = fields.Many2one(
        "mail.activity",
        string="Follow-up Activity",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        bypass_search_access=True,
        context={"active_test": False},
    )
    crm_followup_open = fields.Boolean(
        string="Follow-up Open",
        compute="_compute_crm_followup_open",
        search="_search_crm_followup_open",
        help="A detractor answer whose follow-up activity is still open, or "
        "that has none.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("crm_detractor", "crm_followup_activity_id.active")
    def _compute_crm_followup_open(self):
        for answer in self:
            activity = answer.sudo().crm_followup_activity_id
            answer.crm_followup_open = answer.crm_detractor and (
                not activity or activity.active
            )

    def _search_crm_followup_open(self, operator, value):
        if operator != "in":
            return NotImplemented
        open_domain = [
            ("crm_detractor", "=", True),
            "|",
            ("crm_followup_activity_id", "=", False),
            ("crm_followup_activity_id.active", "=", True),
        ]
        if True in value:
            return open_domain
        return ["!", *open_domain]

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_check_written(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_written(vals)
        self._crm_check_evidence(vals)
        return super().write(vals)

    def unlink(self):
        self._crm_check_evidence()
        return super().unlink()

    def _crm_check_evidence(self, vals=None):
        """A satisfaction answer is evidence: it feeds the scores that
        multiply commissions. Its respondent, customer, survey, dates and
        answers are changed by nobody, and it is deleted only by a sales
        manager's privacy erase of the respondent (logged on the contact);
        whatever other survey rights a user holds. The survey itself fills
        it, as superuser."""
        if self.env.su:
            return
        if vals is not None and not any(
            not name.startswith(("message_", "activity_")) for name in vals
        ):
            return
        evidence = self.filtered("crm_partner_id")
        if evidence:
            raise AccessError(
                self.env._(
                    "%(answer)s is a customer's satisfaction answer: it is "
                    "neither changed nor deleted; a sales manager removes a "
                    "respondent's answers at their request (Privacy).",
                    answer=evidence[0].display_name,
                )
            )

    @api.model
    def _crm_check_written(self, vals):
        """The satisfaction fields are the company's: never written by hand.

        Invitations are sent by the company (a campaign, the rule after
        deliveries) and figures filled when the answer is completed, all
        through ``sudo``; nobody, the salesperson judged by the answers
        least, sets them.
        """
        if self.env.su or not any(name.startswith("crm_") for name in vals):
            return
        raise AccessError(
            self.env._(
                "The customer, salesperson, invitation and scores of a survey "
                "answer are set by the company's invitations and when the answer "
                "is completed, never by hand."
            )
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _mark_done(self):
        """Complete the answer, then record what it says of the customer."""
        res = super()._mark_done()
        ours = self.filtered(
            lambda answer: answer.crm_invitation or answer.survey_id.crm_survey_kind
        )
        if ours:
            ours.sudo()._crm_complete()
        return res

    def _crm_complete(self):
        """Fill the satisfaction fields of completed answers, in one go each.

        Scores are read from ``value_scale`` of the marked questions (Odoo
        never scores scale questions). An answer counts when it came through
        an invitation of ours, is no test entry, and a customer's contact
        gave it, not one of our users. The salesperson is whoever owned the
        customer the day the answer was completed. Counted detractor answers
        get one follow-up activity.
        """
        for answer in self:
            answer.write(answer._crm_completion_values())
        self.filtered(
            lambda answer: answer.crm_detractor and not answer.crm_followup_activity_id
        )._crm_schedule_followup()

    def _crm_completion_values(self):
        self.ensure_one()
        lines = self.user_input_line_ids.filtered(lambda line: not line.skipped)
        scored = lines.filtered(
            lambda line: line.answer_type == "scale" and line.question_id.crm_score_role
        )
        nps_line = scored.filtered(
            lambda line: line.question_id.crm_score_role == "nps"
        )
        csat_values = [
            line.value_scale
            for line in scored
            if line.question_id.crm_score_role == "csat"
        ]
        nps = nps_line[:1].value_scale if nps_line else None
        respondent = self.partner_id
        internal = bool(respondent.user_ids.filtered(lambda user: not user.share))
        customer = self.crm_partner_id
        if not customer and not self.test_entry and not internal:
            customer = respondent.commercial_partner_id
        if self.test_entry:
            reason = "test"
        elif internal:
            reason = "internal"
        elif not self.crm_invitation:
            reason = "not_invited"
        elif not customer.is_company:
            reason = "no_customer"
        else:
            reason = False
        values = {
            "crm_partner_id": customer.id,
            "crm_counted": not reason,
            "crm_not_counted_reason": reason,
            "crm_nps_category": nps_category(nps) if nps is not None else False,
            "crm_comment": "\n\n".join(
                line[f"value_{line.answer_type}"].strip()
                for line in lines
                if line.answer_type in TEXT_ANSWER_TYPES
                and not line.question_id.save_as_email
                and not line.question_id.save_as_nickname
                and line[f"value_{line.answer_type}"].strip()
            )
            or False,
            "crm_detractor": not reason and is_detractor(nps, csat_values),
        }
        # left empty (NULL) when not answered: 0 is an NPS answer
        if nps is not None:
            values["crm_nps"] = nps
        if csat_values:
            values["crm_csat_avg"] = mean(csat_values)
        if customer:
            company = self.crm_company_id or customer.company_id or self.env.company
            asked = (customer.id, self.end_datetime, company._crm_time_zone())
            salesperson = self.env["res.users"].browse(
                self.env["crm.customer.ownership"]._owners_at([asked])[asked]
            )
            values.update(
                {
                    "crm_company_id": company.id,
                    "crm_salesperson_id": salesperson.id,
                    "crm_team_id": salesperson.sale_team_id.id,
                }
            )
        return values

    def init(self):
        res = super().init()
        # the answers and invitations that enter or leave the satisfaction
        # window in a day (``crm.satisfaction.score``): the rows are
        # written in the order they come in, so that each block range holds
        # a narrow range of dates and the index is a few pages
        for column in ("end_datetime", "crm_invitation_date"):
            create_index(
                self.env.cr,
                f"survey_user_input__{column}_brin",
                self._table,
                [column],
                method="brin",
                comment="crm_industrial: answers entering or leaving a window",
            )
        return res

    # ------------------------------------------------------------------
    # Counted answers: the one definition
    # ------------------------------------------------------------------

    @api.model
    def _crm_counted_sql(self, answer, company, start, end):
        """SQL condition: row ``answer`` of ``survey_user_input`` is an answer
        counted for a customer of ``company``, completed from ``start`` to
        before ``end`` (naive UTC).

        The one definition of "a counted answer in the window" that the
        satisfaction figures, the scorecard, the commission's satisfaction
        factor and its gate all read.
        """
        return SQL(
            """%(answer)s.crm_company_id = %(company)s
               AND %(answer)s.crm_counted
               AND %(answer)s.state = 'done'
               AND %(answer)s.crm_partner_id IS NOT NULL
               AND %(answer)s.end_datetime >= %(start)s
               AND %(answer)s.end_datetime < %(end)s""",
            answer=SQL.identifier(answer),
            company=company.id,
            start=start,
            end=end,
        )

    @api.model
    def _crm_tally_sql(self):
        """SQL: the aggregates of counted answers (rows ``answer`` of
        ``survey_user_input``) that a satisfaction figure is told from:
        ``nps_count`` (answers rating the NPS question), ``promoters``,
        ``detractors``, ``csat_count`` (answers with CSAT ratings) and
        ``csat`` (the average of their averages)."""
        return SQL(
            """COUNT(answer.crm_nps_category) AS nps_count,
           COUNT(*) FILTER (WHERE answer.crm_nps_category = 'promoter')
               AS promoters,
           COUNT(*) FILTER (WHERE answer.crm_nps_category = 'detractor')
               AS detractors,
           COUNT(answer.crm_csat_avg) AS csat_count,
           AVG(answer.crm_csat_avg) AS csat"""
        )

    @api.model
    def _crm_nps_sql(self, promoters, detractors, count):
        """SQL: the NPS of ``count`` answers (NULL without any), promoters
        minus detractors in % of the answers, as
        :func:`~.satisfaction_rules.nps_score` computes it."""
        return SQL(
            "(100.0 * ((%s) - (%s)) / NULLIF(%s, 0))", promoters, detractors, count
        )

    # ------------------------------------------------------------------
    # Detractor follow-up
    # ------------------------------------------------------------------

    def _crm_followup_assignee(self):
        """Who follows this answer up: as retention work is assigned.

        The customer's current salesperson if an active internal user, else
        the leader of that salesperson's team, else a leader of a sales team
        of the company, else the company's fallback assignee; or nobody.
        """
        self.ensure_one()

        def assignable(user):
            return user.active and not user.share

        salesperson = self.crm_partner_id.user_id
        if assignable(salesperson):
            return salesperson
        team = salesperson.sale_team_id
        if team.active and assignable(team.user_id):
            return team.user_id
        company = self.crm_company_id
        teams = self.env["crm.team"].search(
            [("company_id", "in", [company.id, False]), ("user_id", "!=", False)],
            order="sequence, id",
        )
        for team in teams:
            if assignable(team.user_id):
                return team.user_id
        fallback = company.retention_fallback_user_id
        if assignable(fallback):
            return fallback
        return self.env["res.users"]

    def _crm_schedule_followup(self):
        """One follow-up activity per detractor answer, quoting the customer.

        The activity lives on the answer: its assignee and those who may
        read the answer read it, and marking it done posts on the answer,
        not on the customer's chatter. Without any assignee, the answer
        stays in the list of detractor answers to follow up.
        """
        activity_type = self.env.ref(
            "crm_industrial.mail_activity_type_satisfaction_followup"
        )
        for answer in self:
            assignee = answer._crm_followup_assignee()
            if not assignee:
                _logger.info(
                    "Detractor answer %s of %s: nobody to follow it up",
                    answer.id,
                    answer.crm_partner_id.display_name,
                )
                continue
            in_lang = answer.with_context(lang=assignee.lang)
            today = fields.Date.context_today(in_lang)
            activity = in_lang.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today + relativedelta(days=activity_type.delay_count),
                summary=in_lang.env._(
                    "Dissatisfied customer: %(customer)s",
                    customer=answer.crm_partner_id.display_name,
                ),
                note=in_lang._crm_followup_note(),
                user_id=assignee.id,
            )
            answer.crm_followup_activity_id = activity

    def _crm_followup_note(self):
        """The answer's figures, and the customer's own words quoted."""
        self.ensure_one()
        figures = []
        if self.crm_nps_category:
            figures.append(self.env._("NPS %(value)s", value=self.crm_nps))
        for line in self.user_input_line_ids.filtered(
            lambda line: (
                not line.skipped
                and line.answer_type == "scale"
                and line.question_id.crm_score_role == "csat"
            )
        ):
            figures.append(
                self.env._(
                    "%(question)s: %(value)s of 5",
                    question=line.question_id.title,
                    value=line.value_scale,
                )
            )
        note = Markup("<p>%s</p>") % self.env._(
            '%(respondent)s answered "%(survey)s": %(figures)s.',
            respondent=self.partner_id.name or self.email or "",
            survey=self.survey_id.title,
            figures="; ".join(figures),
        )
        if self.crm_comment:
            note += Markup("<blockquote>%s</blockquote>") % Markup("<br/>").join(
                escape(part) for part in self.crm_comment.split("\n")
            )
        return note

    # ------------------------------------------------------------------
    # Invitations
    # ------------------------------------------------------------------

    @api.model
    def _crm_recently_asked(self, contacts, company):
        """The ``contacts`` invited by us within ``company``'s minimum interval."""
        days = company.survey_contact_interval_days
        if not days or not contacts:
            return contacts.browse()
        since = fields.Datetime.now() - relativedelta(days=days)
        groups = self.sudo()._read_group(
            [
                ("partner_id", "in", contacts.ids),
                ("crm_invitation", "!=", False),
                ("crm_invitation_date", ">", since),
            ],
            ["partner_id"],
        )
        return contacts.browse([partner.id for [partner] in groups])

    @api.model
    def _crm_invite(self, survey, company, contacts, invitation, **values):
        """Invite ``contacts`` to ``survey`` on behalf of ``company``; the answers.

        One answer per contact through survey's own ``_create_answer``, with
        the customer, its salesperson now and what the invitation concerns
        (``values``: campaign, delivery, order); then the invitations are
        mailed with survey's invitation template, in each contact's language,
        from the company.
        """
        now = fields.Datetime.now()
        survey = survey.sudo()
        answers = self.sudo()
        for contact in contacts:
            customer = contact.commercial_partner_id
            salesperson = customer.user_id
            answers |= survey._create_answer(
                partner=contact,
                check_attempts=False,
                crm_partner_id=customer.id,
                crm_company_id=company.id,
                crm_salesperson_id=salesperson.id,
                crm_team_id=salesperson.sale_team_id.id,
                crm_invitation=invitation,
                crm_invitation_date=now,
                **values,
            )
        answers._crm_send_invitations(company)
        return answers

    def _crm_send_invitations(self, company):
        """Mail the invitations with survey's invite template, from ``company``."""
        template = self.env.ref("survey.mail_template_user_input_invite").sudo()
        email_values = {"author_id": company.partner_id.id}
        if company.email:
            email_values["email_from"] = company.email_formatted
        by_lang = defaultdict(list)
        for answer in self:
            by_lang[answer.partner_id.lang or self.env.lang].append(answer.id)
        for lang, answer_ids in by_lang.items():
            template.with_context(lang=lang).with_company(company).send_mail_batch(
                answer_ids,
                email_values=email_values,
                email_layout_xmlid="mail.mail_notification_light",
            )

    # ------------------------------------------------------------------
    # Privacy
    # ------------------------------------------------------------------

    @api.model
    def _crm_check_privacy_manager(self):
        self.env["crm.customer.profile"]._check_sales_manager(
            self.env._(
                "Only sales managers export or remove a contact's survey answers."
            )
        )

    @api.model
    def _crm_respondent_domain(self, contacts):
        """The satisfaction answers ``contacts`` gave or were invited to."""
        return [
            ("partner_id", "in", contacts.ids),
            "|",
            ("crm_invitation", "!=", False),
            ("survey_id.crm_survey_kind", "!=", False),
        ]

    @api.model
    def _crm_of_respondent(self, contact):
        return self.sudo().search(
            self._crm_respondent_domain(contact), order="create_date, id"
        )

    @api.model
    def _crm_export_csv(self, contact):
        """``contact``'s answers and answer lines as CSV: (file name, bytes).

        Sales managers only. One row per answer line (one per answer without
        lines), the answer's columns first. Logged on the contact.
        """
        self._crm_check_privacy_manager()
        answers = self._crm_of_respondent(contact)
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(
            [
                self._fields[name].get_description(self.env)["string"]
                for name in EXPORT_COLUMNS
            ]
            + [
                self.env._("Question"),
                self.env._("Answer Given"),
                self.env._("Skipped"),
            ]
        )
        for answer in answers:
            head = [answer._crm_export_value(name) for name in EXPORT_COLUMNS]
            if not answer.user_input_line_ids:
                writer.writerow([*head, "", "", ""])
            for line in answer.user_input_line_ids:
                writer.writerow(
                    [
                        *head,
                        line.question_id.title,
                        "" if line.skipped else line._get_answer_value(),
                        line.skipped,
                    ]
                )
        contact.sudo().message_post(
            body=self.env._(
                "Satisfaction survey answers of this contact exported by %(user)s: "
                "%(count)s.",
                count=len(answers),
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        filename = self.env._("survey-answers-%(contact)s.csv", contact=contact.id)
        return filename, stream.getvalue().encode("utf-8-sig")

    def _crm_export_value(self, name):
        """A CSV cell: names for records and choices, blank for no score."""
        self.ensure_one()
        value = self[name]
        field = self._fields[name]
        if (name == "crm_nps" and not self.crm_nps_category) or (
            name == "crm_csat_avg" and not value
        ):
            return ""
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type != "boolean" and value is False:
            return ""
        return value

    @api.model
    def _crm_remove_for(self, contact):
        """Delete ``contact``'s satisfaction answers, logged on the contact.

        Sales managers only. Their lines and follow-up activities go with
        them; the scores leave them out from the next recompute.
        """
        self._crm_check_privacy_manager()
        answers = self._crm_of_respondent(contact)
        count = len(answers)
        answers.sudo().unlink()
        contact.sudo().message_post(
            body=self.env._(
                "Satisfaction survey answers of this contact removed by %(user)s at "
                "the contact's request: %(count)s; the satisfaction scores leave "
                "them out from the next recompute.",
                count=count,
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return count
