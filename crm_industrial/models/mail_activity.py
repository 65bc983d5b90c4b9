# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, clean_context
from odoo.tools.i18n import format_list

from .crm_company_recompute import heavy_statement_settings
from .crm_lifecycle_stage import profile_dormancy_threshold_sql

# Customers in these stages need retention work; the reasons' codes are the
# stages' codes, besides the revenue drop and the high churn risk of a
# valuable customer.
RETENTION_STAGE_CODES = ("decline", "dormant")

# Retention activities listed in one assignee's notification of a run.
NOTIFIED_ACTIVITIES_SHOWN = 20

# Retention activities created per call of create().
CREATE_BATCH = 1000

# Memory each sort or hash of the retention statement may use.
RETENTION_WORK_MEM_MB = 32


class MailActivity(models.Model):
    """Activities, and the retention work on customers they carry: the
    customer profiles' run schedules, updates and closes it here
    (:meth:`_crm_sync_retention_activities`)."""

    _inherit = "mail.activity"

    _crm_retention_open_unique = models.UniqueIndex(
        "(crm_retention_profile_id)"
        " WHERE active AND crm_retention_profile_id IS NOT NULL",
        "A customer has one open retention activity.",
    )

    crm_retention_profile_id = fields.Many2one(
        "crm.customer.profile",
        string="Retention Customer Profile",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    crm_retention_reasons = fields.Char(
        string="Retention Reasons",
        readonly=True,
        help="Codes of the reasons for the retention work, comma-separated: "
        "decline, dormant, value_drop, churn_risk.",
    )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def unlink(self):
        """A retention activity cancelled by a person counts as handled."""
        cancelled = self.filtered(
            lambda activity: activity.active and activity.crm_retention_profile_id
        )
        if cancelled:
            cancelled._crm_retention_handled()
            for activity in cancelled.sudo():
                self.env[activity.res_model].sudo().browse(
                    activity.res_id
                ).message_post(
                    body=self.env._(
                        "Retention activity cancelled by %(user)s.",
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return super().unlink()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _action_done(self, feedback=False, attachment_ids=None):
        """Retention activities: done is done, and their figures stay hidden.

        Odoo posts the activity's note on the document's chatter when it is
        done; a retention note holds the figures of the customer's profile,
        which its chatter's readers may not see. Its feedback is posted, not
        its note. Unless the recompute closes it because its reasons ended,
        the customer's profile records that its reasons were handled.
        """
        retention = self.filtered("crm_retention_profile_id")
        messages, next_activities = super(MailActivity, self - retention)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        if not retention:
            return messages, next_activities
        if not self.env.context.get("crm_retention_auto_close"):
            retention._crm_retention_handled()
        # the documents read together: each message reads its document's
        # company, followers and more (0.8 s more for 181 read one by one)
        prefetch = {
            model: activities.mapped("res_id")
            for model, activities in retention.grouped("res_model").items()
        }
        for activity in retention:
            messages |= (
                self.env[activity.res_model]
                .sudo()
                .browse(activity.res_id)
                .with_prefetch(prefetch[activity.res_model])
                .message_post_with_source(
                    "crm_industrial.message_retention_done",
                    attachment_ids=attachment_ids,
                    author_id=self.env.user.partner_id.id,
                    render_values={
                        "activity": activity,
                        "feedback": feedback,
                        "display_assignee": activity.user_id != self.env.user,
                    },
                    mail_activity_type_id=activity.activity_type_id.id,
                    subtype_xmlid="mail.mt_activities",
                )
            )
        retention.action_archive()
        if feedback:
            retention.feedback = feedback
        return messages, next_activities

    def _crm_retention_handled(self):
        """Record on each customer's profile that these reasons were handled today."""
        today = fields.Date.context_today(self)
        for activity in self.sudo():
            activity.crm_retention_profile_id.write(
                {
                    "retention_done_date": today,
                    "retention_done_reasons": activity.crm_retention_reasons,
                    "retention_state": "handled",
                }
            )

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    def _crm_retention_reason_labels(self):
        """The reasons for retention work, by code, in this environment's language."""
        return {
            "decline": self.env._("Decline"),
            "dormant": self.env._("Dormant"),
            "value_drop": self.env._("Revenue drop of a valuable customer"),
            "churn_risk": self.env._("High churn risk of a valuable customer"),
        }

    def _crm_sync_retention_activities(self, company, today, scope=None):
        """One retention activity per customer that needs it, no more.

        A customer needs retention work while it is in decline or dormant, or
        while it is of class A or B and its trend is below the company's
        threshold; an archived customer never does. Its one open activity
        names every reason that holds and says why in numbers, in its
        assignee's language: the salesperson if active and internal, else the
        leader of the salesperson's team, else a leader of a sales team of the
        company, else the company's fallback assignee; without any, the
        profile says so and shows in the report of retention work without an
        assignee.

        What salespeople did counts: a reason whose last activity was marked
        done or cancelled is not scheduled again until the customer has left
        that condition and entered it again, or until the company's cool-down
        has passed. An open activity whose reasons changed is updated in
        place; one whose reasons all ended is closed. Returns the number of
        activities created, updated and closed plus the profiles whose
        retention state changed.

        Of the customers ``scope`` (SQL over their ``profile`` row) only,
        when given: those whose retention work may have changed since the
        last run (:meth:`_crm_retention_scope`).

        One statement decides it all and writes the profiles' retention
        state; the ORM creates and updates the activities it lists
        (:meth:`_crm_write_retention_activities`).
        """
        activity_type = self.env.ref("crm_industrial.mail_activity_type_retention")
        deadline = today + relativedelta(days=activity_type.delay_count)
        cr = self.env.cr
        query = SQL(
            """
WITH condition AS (
    SELECT profile.id AS profile_id, profile.partner_id,
           ARRAY_REMOVE(ARRAY[
               CASE WHEN stage.code IN %(stage_codes)s THEN stage.code::text END,
               CASE WHEN profile.value_drop_since IS NOT NULL THEN 'value_drop' END,
               CASE WHEN churn.high_since IS NOT NULL THEN 'churn_risk' END
           ], NULL) AS reasons,
           ARRAY_REMOVE(ARRAY[
               CASE WHEN stage.code IN %(stage_codes)s
                         AND NOT %(handled_stage)s THEN stage.code::text END,
               CASE WHEN profile.value_drop_since IS NOT NULL
                         AND NOT %(handled_value_drop)s THEN 'value_drop' END,
               CASE WHEN churn.high_since IS NOT NULL
                         AND NOT %(handled_churn)s THEN 'churn_risk' END
           ], NULL) AS due_reasons
      FROM crm_customer_profile profile
      JOIN res_partner partner ON partner.id = profile.partner_id AND partner.active
      LEFT JOIN crm_lifecycle_stage stage ON stage.id = profile.lifecycle_stage_id
      -- a high churn risk is a reason for the valuable customers only
      LEFT JOIN crm_customer_churn churn
        ON churn.profile_id = profile.id
       AND churn.band = 'high'
       AND profile.abc_class IN ('a', 'b')
     WHERE profile.company_id = %(company)s AND %(scope)s
), open_activity AS (
    SELECT activity.id, activity.crm_retention_profile_id AS profile_id,
           activity.crm_retention_reasons AS reasons, activity.user_id
      FROM mail_activity activity
      JOIN crm_customer_profile profile
        ON profile.id = activity.crm_retention_profile_id
     WHERE activity.active AND profile.company_id = %(company)s AND %(scope)s
), company_leader AS (
    SELECT leader.id
      FROM crm_team team
      JOIN res_users leader ON leader.id = team.user_id
     WHERE team.active
       AND (team.company_id = %(company)s OR team.company_id IS NULL)
       AND %(assignable_leader)s
     ORDER BY team.sequence, team.id
     LIMIT 1
), fallback AS (
    SELECT fallback.id
      FROM res_company company
      JOIN res_users fallback ON fallback.id = company.retention_fallback_user_id
     WHERE company.id = %(company)s AND %(assignable_fallback)s
), due AS (
    SELECT condition.profile_id, condition.partner_id, condition.reasons,
           COALESCE(CASE WHEN %(assignable_salesperson)s THEN salesperson.id END,
                    CASE WHEN team.active AND %(assignable_leader)s
                         THEN leader.id END,
                    (SELECT id FROM company_leader),
                    (SELECT id FROM fallback)) AS assignee_id
      FROM condition
      JOIN crm_customer_profile profile ON profile.id = condition.profile_id
      LEFT JOIN res_users salesperson ON salesperson.id = profile.user_id
      LEFT JOIN crm_team team ON team.id = profile.team_id
      LEFT JOIN res_users leader ON leader.id = team.user_id
      LEFT JOIN open_activity ON open_activity.profile_id = condition.profile_id
     WHERE CARDINALITY(condition.due_reasons) > 0
       AND open_activity.id IS NULL
), written AS (
    SELECT due.profile_id, due.partner_id, due.reasons, due.assignee_id,
           NULL::integer AS activity_id
      FROM due
     WHERE due.assignee_id IS NOT NULL
     UNION ALL
    SELECT open_activity.profile_id, condition.partner_id, condition.reasons,
           open_activity.user_id, open_activity.id
      FROM open_activity
      JOIN condition ON condition.profile_id = open_activity.profile_id
     WHERE CARDINALITY(condition.reasons) > 0
       AND ARRAY_TO_STRING(condition.reasons, ',')
           IS DISTINCT FROM open_activity.reasons
), figures AS (
    SELECT written.*,
           CASE WHEN profile.revenue_trend_pct >= 0 THEN '+' ELSE '' END
               || ROUND(profile.revenue_trend_pct)::text AS trend,
           %(today)s - GREATEST(profile.last_order_date, profile.last_invoice_date)
               AS days_since_order,
           ROUND(COALESCE(
               profile.order_gap_avg_days,
               (profile.last_invoice_date - profile.first_invoice_date)::numeric
               / NULLIF(profile.invoice_count - 1, 0)))::int AS order_gap_days,
           %(threshold)s AS dormancy_threshold_days,
           churn.id AS churn_id
      FROM written
      JOIN crm_customer_profile profile ON profile.id = written.profile_id
      JOIN res_company company ON company.id = profile.company_id
      LEFT JOIN crm_customer_churn churn ON churn.profile_id = profile.id
), new_state AS (
    SELECT profile.id, profile.retention_state AS state_before,
           CASE WHEN COALESCE(CARDINALITY(condition.reasons), 0) = 0 THEN NULL
                WHEN open_activity.id IS NOT NULL
                     OR due.assignee_id IS NOT NULL THEN 'open'
                WHEN due.profile_id IS NOT NULL THEN 'unassigned'
                ELSE 'handled'
           END AS retention_state
      FROM crm_customer_profile profile
      LEFT JOIN condition ON condition.profile_id = profile.id
      LEFT JOIN open_activity ON open_activity.profile_id = profile.id
      LEFT JOIN due ON due.profile_id = profile.id
     WHERE profile.company_id = %(company)s AND %(scope)s
), state AS (
    UPDATE crm_customer_profile profile
       SET retention_state = new_state.retention_state,
           write_uid = %(uid)s, write_date = %(now)s
      FROM new_state
     WHERE profile.id = new_state.id
       AND new_state.state_before IS DISTINCT FROM new_state.retention_state
 RETURNING profile.id
)
SELECT (SELECT JSON_AGG(figures ORDER BY figures.profile_id) FROM figures),
       (SELECT COUNT(*) FROM state),
       ARRAY(SELECT open_activity.id
               FROM open_activity
               LEFT JOIN condition
                 ON condition.profile_id = open_activity.profile_id
              WHERE COALESCE(CARDINALITY(condition.reasons), 0) = 0)
                """,
            company=company.id,
            scope=SQL("TRUE") if scope is None else scope,
            stage_codes=RETENTION_STAGE_CODES,
            handled_stage=self._crm_retention_handled_sql(
                company,
                today,
                SQL("stage.code"),
                SQL("profile.lifecycle_stage_since"),
            ),
            handled_value_drop=self._crm_retention_handled_sql(
                company, today, SQL("'value_drop'"), SQL("profile.value_drop_since")
            ),
            handled_churn=self._crm_retention_handled_sql(
                company, today, SQL("'churn_risk'"), SQL("churn.high_since")
            ),
            assignable_salesperson=self._crm_assignable_user_sql(SQL("salesperson")),
            assignable_leader=self._crm_assignable_user_sql(SQL("leader")),
            assignable_fallback=self._crm_assignable_user_sql(SQL("fallback")),
            threshold=profile_dormancy_threshold_sql(),
            today=today,
            uid=self.env.uid,
            now=SQL("NOW() AT TIME ZONE 'UTC'"),
        )
        # a row per profile, estimated past JIT's threshold: compiling the
        # plan took 2 s more than running it, on the bench's 100 000
        with heavy_statement_settings(cr, RETENTION_WORK_MEM_MB):
            cr.execute(query)
            figures, states, to_close_ids = cr.fetchone()
        self.env["crm.customer.profile"].invalidate_model(
            ["retention_state", "write_uid", "write_date"]
        )
        created, updated = self._crm_write_retention_activities(
            figures or [], activity_type, deadline
        )
        if to_close_ids:
            self.browse(to_close_ids).sudo().with_context(
                crm_retention_auto_close=True
            )._action_done(
                feedback=self.env._("Closed automatically: the reason no longer holds.")
            )
        created._crm_notify_retention_assignees(deadline)
        # the next run reads the activities: a first run creates thousands
        self.env["crm.computed.rows"]._computed_rows_written(
            len(created) + len(to_close_ids), self._table
        )
        return len(created) + updated + states + len(to_close_ids)

    @api.model
    def _crm_retention_scope(self, mark, company, today, partners):
        """SQL over a ``profile`` row: the customers whose retention work a
        run computing ``partners`` after the company's mark reviews, or
        ``None`` for every customer. Besides ``partners`` (changed since
        ``mark``, the company's last complete run): the profiles written
        since the mark's instant by others than the mark's run (by this
        run's statement: a stage or a revenue drop; by people: done,
        cancelled, an override, a pin), those whose retention activities
        or churn risk were written since by others than the mark's run (the
        risk: by this run's scoring, or a training), and those whose
        cool-down ends between the mark's day and today. Every customer when
        a user, a sales team or an activity type was written since (who is
        assigned, and when); one deleted assigns nobody new, and an open
        retention activity deleted writes its profile (handled)."""
        if mark._any_written_by_others(("res_users", "crm_team", "mail_activity_type")):
            return None
        cooldown = relativedelta(days=company.retention_cooldown_days)
        return SQL(
            # the rows written since as subqueries, each hashed once, not
            # searched again for each of the company's profiles
            """(profile.partner_id = ANY(%(partners)s)
                OR profile.id IN (SELECT source.id FROM crm_customer_profile source
                                   WHERE %(profile_written)s)
                OR profile.id IN (SELECT source.crm_retention_profile_id
                                    FROM mail_activity source
                                   WHERE %(activity_written)s)
                OR profile.id IN (SELECT source.profile_id
                                    FROM crm_customer_churn source
                                   WHERE %(churn_written)s)
                OR (profile.retention_done_date > %(last_end)s
                    AND profile.retention_done_date <= %(end)s))""",
            partners=partners,
            profile_written=mark._written_by_others("crm_customer_profile"),
            activity_written=mark._written_by_others("mail_activity"),
            churn_written=mark._written_by_others("crm_customer_churn"),
            last_end=mark.day - cooldown,
            end=today - cooldown,
        )

    @api.model
    def _crm_retention_handled_sql(self, company, today, reason, since):
        """SQL: the salesperson already handled ``reason``, in this episode.

        The last retention activity, marked done or cancelled, was about
        ``reason``; the customer entered the condition (``since``) before
        that, and the company's cool-down has not passed since.
        """
        return SQL(
            """(profile.retention_done_date IS NOT NULL
                AND %(reason)s
                    = ANY(STRING_TO_ARRAY(profile.retention_done_reasons, ','))
                AND %(since)s <= profile.retention_done_date
                AND profile.retention_done_date > %(cooldown_start)s)""",
            reason=reason,
            since=since,
            cooldown_start=today - relativedelta(days=company.retention_cooldown_days),
        )

    @api.model
    def _crm_assignable_user_sql(self, alias):
        """SQL: the ``res_users`` row ``alias`` may be given retention work."""
        return SQL("(%(user)s.active AND NOT %(user)s.share)", user=alias)

    @api.model
    def _crm_write_retention_activities(self, figures, activity_type, deadline):
        """Create and update, through the ORM, the activities the run listed.

        ``figures`` are the rows of the run's CTE of that name: a new
        activity when ``activity_id`` is empty, else the open one to update.
        Their summary and note are written in the language of each assignee
        (English for a language that is not installed). The new ones are
        created in batches, without Odoo's message to the assignee of each
        (``mail_activity_quick_update``): :meth:`_crm_notify_retention_assignees`
        sends one per assignee. Returns the activities created and the number
        updated.
        """
        activities = self.sudo().with_context(clean_context(self.env.context))
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        assignees = (
            self.env["res.users"]
            .sudo()
            .browse({row["assignee_id"] for row in figures if row["assignee_id"]})
        )
        assignee_lang = {
            user.id: user.lang if user.lang in installed else "en_US"
            for user in assignees
        }
        in_lang = {
            lang: activities.with_context(lang=lang)
            for lang in {"en_US", *assignee_lang.values()}
        }
        # the document names, read in one batch: create() would read each
        # customer on its own
        customer_names = {
            customer.id: customer.display_name
            for customer in activities.env["res.partner"].browse(
                [row["partner_id"] for row in figures if not row["activity_id"]]
            )
        }
        partner_model = self.env["ir.model"]._get_id("res.partner")
        summaries = {}
        new_values = []
        updates = defaultdict(list)
        for row in figures:
            lang = assignee_lang.get(row["assignee_id"], "en_US")
            reasons = ",".join(row["reasons"])
            if (lang, reasons) not in summaries:
                summaries[lang, reasons] = in_lang[lang]._crm_retention_summary(
                    row["reasons"]
                )
            summary = summaries[lang, reasons]
            note = in_lang[lang]._crm_retention_note(row)
            if row["activity_id"]:
                updates[reasons, summary, note].append(row["activity_id"])
                continue
            new_values.append(
                {
                    "res_model_id": partner_model,
                    "res_id": row["partner_id"],
                    "res_name": customer_names[row["partner_id"]],
                    "activity_type_id": activity_type.id,
                    "user_id": row["assignee_id"],
                    "summary": summary,
                    "note": note,
                    "date_deadline": deadline,
                    "automated": True,
                    "crm_retention_profile_id": row["profile_id"],
                    "crm_retention_reasons": reasons,
                }
            )
        created = activities.browse()
        # in batches: mail.activity's create gathers its records one by one
        # (_classify_by_model), a time that grows with the square of a batch
        for start in range(0, len(new_values), CREATE_BATCH):
            created |= activities.with_context(mail_activity_quick_update=True).create(
                new_values[start : start + CREATE_BATCH]
            )
        for (reasons, summary, note), activity_ids in updates.items():
            activities.browse(activity_ids).write(
                {"crm_retention_reasons": reasons, "summary": summary, "note": note}
            )
        return created, sum(len(activity_ids) for activity_ids in updates.values())

    def _crm_retention_summary(self, reasons):
        """The summary, "Retention: <reasons>", in this environment's language.

        The reasons (codes) are listed as the language lists things
        ("Decline and Revenue drop of a valuable customer").
        """
        labels = self._crm_retention_reason_labels()
        return self.env._(
            "Retention: %(reasons)s",
            reasons=format_list(self.env, [labels[code] for code in reasons]),
        )

    def _crm_retention_note(self, figures):
        """Why, in numbers, in this environment's language, from a row of the
        run's ``figures``.

        The revenue trend for a decline or a revenue drop; the days since the
        last order against the customer's usual rhythm (its average gap
        between orders, else between invoices), or that it was its only one;
        for a dormant customer, the days without an order it is dormant after.
        """
        reasons = figures["reasons"]
        days = figures["days_since_order"]
        facts = []
        if figures["trend"] is not None and {"decline", "value_drop"} & set(reasons):
            facts.append(
                self.env._(
                    "revenue %(trend)s %% against the previous 12 months",
                    trend=figures["trend"],
                )
            )
        if days is not None and (figures["order_gap_days"] or 0) > 0:
            facts.append(
                self.env._(
                    "last order %(days)s days ago, usually every %(gap)s",
                    days=days,
                    gap=figures["order_gap_days"],
                )
            )
        elif days is not None:
            facts.append(
                self.env._("last order %(days)s days ago, its only one", days=days)
            )
        if "dormant" in reasons:
            threshold = figures["dormancy_threshold_days"]
            facts.append(
                self.env._(
                    "dormant after %(threshold)s days without an order",
                    threshold="" if threshold is None else threshold,
                )
            )
        if "churn_risk" in reasons and figures["churn_id"]:
            churn = self.env["crm.customer.churn"].sudo().browse(figures["churn_id"])
            facts.append(
                self.env._(
                    "churn risk %(risk)s %%: %(reasons)s",
                    risk=f"{churn.risk_pct:.0f}",
                    reasons=", ".join(churn._reason_lines()),
                )
            )
        return Markup("<p>%s</p>") % "; ".join(facts)

    def _crm_notify_retention_assignees(self, deadline):
        """Tell the assignees of these new retention activities, due on
        ``deadline``.

        As Odoo does for any activity assigned to someone else, they are
        notified by inbox or email as their preferences say, but once per run
        each, with the list of their customers; their activity counter moves
        as Odoo's ``create`` says.
        """
        for user, activities in self.grouped("user_id").items():
            if user == self.env.user:
                continue
            in_lang = self.with_context(lang=user.lang)
            shown = in_lang.search(
                [("id", "in", activities.ids)],
                order="res_name, id",
                limit=NOTIFIED_ACTIVITIES_SHOWN,
            )
            body = in_lang.env["ir.qweb"]._render(
                "crm_industrial.message_retention_assigned",
                {
                    "assignee": user,
                    "activities": shown,
                    "more": len(activities) - len(shown),
                    "deadline": deadline,
                },
                minimal_qcontext=True,
            )
            in_lang.env["mail.thread"].message_notify(
                partner_ids=user.partner_id.ids,
                body=body,
                subject=in_lang.env._(
                    "Retention activities assigned to you: %(count)s",
                    count=len(activities),
                ),
            )
