# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ABC_DEFAULT_SHARES = {
    # method: (share of class A, share of class B), in percent
    "cumulative_value": (80.0, 15.0),
    "customer_share": (15.0, 20.0),
}
# the longest settings that still mean something (a recompute over 25 000
# months of invoices is a typing error, not a policy)
ABC_LOOKBACK_MONTHS_MAX = 120
EXPLORATION_MONTHS_MAX = 120
MATURITY_MONTHS_MAX = 240
GROWTH_PCT_MAX = 1000
DORMANCY_FLOOR_DAYS_MAX = 3650
RETENTION_COOLDOWN_DAYS_MAX = 3650
SURVEY_DELIVERY_EVERY_MAX = 1000
SURVEY_CONTACT_INTERVAL_DAYS_MAX = 3650
SATISFACTION_WINDOW_MONTHS_MAX = 120
SATISFACTION_MIN_ANSWERS_MAX = 1000
CHURN_HORIZON_MONTHS_MAX = 24


class ResCompany(models.Model):
    _inherit = "res.company"

    abc_value_basis = fields.Selection(
        selection=[("revenue", "Revenue"), ("margin", "Gross margin")],
        string="ABC Value Basis",
        default="revenue",
        required=True,
        help="The value customers are ranked by for the ABC classification.",
    )
    abc_method = fields.Selection(
        selection=[
            ("cumulative_value", "Cumulative share of value"),
            ("customer_share", "Share of customers"),
        ],
        string="ABC Method",
        default="cumulative_value",
        required=True,
        help="Cumulative share of value: class A holds the customers that make "
        "the first A % of the value, class B the next B %.\n"
        "Share of customers: class A is the top A % of the ranked customers, "
        "class B the next B %.",
    )
    abc_lookback_months = fields.Integer(
        string="ABC Look-back (months)",
        default=12,
        required=True,
        help="How many months of invoices the ABC classification looks at.",
    )
    abc_a_share = fields.Float(
        string="Class A Share (%)",
        default=ABC_DEFAULT_SHARES["cumulative_value"][0],
        required=True,
    )
    abc_b_share = fields.Float(
        string="Class B Share (%)",
        default=ABC_DEFAULT_SHARES["cumulative_value"][1],
        required=True,
        help="Class B follows class A: with A 80 % and B 15 %, class B holds "
        "what lies between 80 % and 95 %.",
    )

    lifecycle_exploration_months = fields.Integer(
        string="Exploration Period (months)",
        default=6,
        required=True,
        help="A customer whose first order is more recent is in exploration; a "
        "recovered customer stays recovered this long.",
    )
    lifecycle_maturity_months = fields.Integer(
        string="Maturity After (months)",
        default=36,
        required=True,
        help="A steady customer whose first order is older is mature.",
    )
    lifecycle_growth_pct = fields.Float(
        string="Growth Threshold (%)",
        default=15.0,
        required=True,
        help="Trend above this is growth.",
    )
    lifecycle_decline_pct = fields.Float(
        string="Decline Threshold (%)",
        default=15.0,
        required=True,
        help="Trend below minus this is decline.",
    )
    lifecycle_dormancy_floor_days = fields.Integer(
        string="Dormancy Floor (days)",
        default=90,
        required=True,
        help="A customer's dormancy threshold is the 90th percentile of its own "
        "gaps between orders (with fewer than 3 orders, the median of its "
        "class), never less than this.",
    )
    lifecycle_opportunity_probability = fields.Float(
        string="Opportunity Probability (%)",
        default=50.0,
        required=True,
        help="An open opportunity at or above this probability makes its company "
        "an opportunity customer; below, a potential customer.",
    )

    retention_trend_threshold_pct = fields.Float(
        string="Retention Alert Below (%)",
        default=20.0,
        required=True,
        help="A customer of class A or B whose trend falls below minus this gets "
        "a retention activity for its salesperson.",
    )

    retention_cooldown_days = fields.Integer(
        string="Retention Cool-down (days)",
        default=90,
        required=True,
        help="A retention activity marked done or cancelled is not scheduled "
        "again for a reason the customer is still in, until the customer leaves "
        "that condition and enters it again or this many days have passed.",
    )
    retention_fallback_user_id = fields.Many2one(
        "res.users",
        string="Retention Fallback Assignee",
        domain=[("share", "=", False)],
        help="Retention activities of customers with no active salesperson, no "
        "active team leader and no active leader of any sales team of the "
        "company go to this user; without one, the customers are listed in "
        "the report of retention work without an assignee.",
    )
    customer_owner_change_managers_only = fields.Boolean(
        string="Only Sales Managers Change a Customer's Salesperson",
        default=True,
        help="Customers belong to the company: their salesperson is changed by "
        "a sales manager, through the portfolio reassignment, and every change "
        "is kept in the ownership history that commissions are paid on.",
    )
    customer_profile_last_run = fields.Datetime(
        string="Customer Profiles Computed On",
        readonly=True,
        help="When the customer profiles of this company were last recomputed "
        "without error.",
    )
    customer_profile_last_error = fields.Text(
        string="Last Recompute Error",
        readonly=True,
        help="Why the last recompute of this company's customer profiles "
        "failed; empty when it succeeded.",
    )
    churn_horizon_months = fields.Integer(
        string="Churn Horizon (months)",
        default=6,
        required=True,
        help="The churn risk of a customer is the probability that it becomes "
        "dormant, by the lifecycle's own rule, within this many months.",
    )
    churn_medium_pct = fields.Float(
        string="Medium Churn Risk From (%)",
        default=20.0,
        required=True,
        help="A customer whose churn risk reaches this is at medium risk.",
    )
    churn_high_pct = fields.Float(
        string="High Churn Risk From (%)",
        default=40.0,
        required=True,
        help="A customer whose churn risk reaches this is at high risk; a high "
        "risk customer of class A or B gets a retention activity.",
    )
    churn_training_error = fields.Text(
        string="Last Churn Training Error",
        readonly=True,
        copy=False,
        help="Why the last training of this company's churn model found not "
        "enough history or failed; a model trained before stays in use. Empty "
        "when it succeeded.",
    )
    dormancy_class_gap_days = fields.Json(
        string="Median Order Gap per Class (days)",
        readonly=True,
        copy=False,
        help="Written by the recompute: per ABC class, the median of the 90th "
        "percentiles of its customers' own gaps between orders; the dormancy "
        "threshold of a customer with fewer than 3 orders.",
    )

    survey_delivery_every = fields.Integer(
        string="Survey After Every N-th Delivery",
        default=0,
        required=True,
        help="After every N-th done delivery to a customer, its delivery contact "
        "is invited to the survey after a delivery; 0: never.",
    )
    survey_delivery_survey_id = fields.Many2one(
        "survey.survey",
        string="Survey After a Delivery",
        domain=[("crm_survey_kind", "!=", False)],
        default=lambda self: self.env.ref(
            "crm_industrial.survey_transactional", raise_if_not_found=False
        ),
        help="Empty: the survey after a delivery shipped with the addon.",
    )
    survey_contact_interval_days = fields.Integer(
        string="Ask a Contact At Most Every (days)",
        default=180,
        required=True,
        help="A contact invited to a satisfaction survey is not invited again, "
        "by a campaign or after a delivery, for this many days; 0: no limit.",
    )
    satisfaction_window_months = fields.Integer(
        string="Satisfaction Window (months)",
        default=12,
        required=True,
        help="Satisfaction scores count the answers completed in this many "
        "months up to the recompute.",
    )
    satisfaction_min_answers = fields.Integer(
        string="Minimum Answers for a Score",
        default=5,
        required=True,
        help="A score built on fewer answers is shown as 'not enough answers', "
        "never as a number that looks solid.",
    )
    satisfaction_window_from = fields.Date(
        string="Satisfaction Scores From",
        readonly=True,
        help="First day of the window of the last satisfaction scores and "
        "complaint figures.",
    )
    satisfaction_window_to = fields.Date(
        string="Satisfaction Scores To",
        readonly=True,
        help="Last day of the window of the last satisfaction scores and "
        "complaint figures.",
    )

    @api.constrains(
        "lifecycle_exploration_months",
        "lifecycle_maturity_months",
        "lifecycle_growth_pct",
        "lifecycle_decline_pct",
        "lifecycle_dormancy_floor_days",
        "lifecycle_opportunity_probability",
    )
    def _check_lifecycle_settings(self):
        for company in self:
            if not 1 <= company.lifecycle_exploration_months <= EXPLORATION_MONTHS_MAX:
                raise ValidationError(
                    self.env._(
                        "The exploration period of %(company)s must be between 1 and "
                        "%(limit)s months.",
                        company=company.name,
                        limit=EXPLORATION_MONTHS_MAX,
                    )
                )
            if company.lifecycle_maturity_months < company.lifecycle_exploration_months:
                raise ValidationError(
                    self.env._(
                        "The maturity age of %(company)s cannot be shorter than its "
                        "exploration period of %(exploration)s months.",
                        company=company.name,
                        exploration=company.lifecycle_exploration_months,
                    )
                )
            if company.lifecycle_maturity_months > MATURITY_MONTHS_MAX:
                raise ValidationError(
                    self.env._(
                        "The maturity age of %(company)s cannot be longer than "
                        "%(limit)s months.",
                        company=company.name,
                        limit=MATURITY_MONTHS_MAX,
                    )
                )
            if not 0 <= company.lifecycle_growth_pct <= GROWTH_PCT_MAX:
                raise ValidationError(
                    self.env._(
                        "The growth threshold of %(company)s must be between 0 and "
                        "%(limit)s %%.",
                        company=company.name,
                        limit=GROWTH_PCT_MAX,
                    )
                )
            if not 0 <= company.lifecycle_decline_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The decline threshold of %(company)s must be between 0 and "
                        "100 %%: revenue cannot drop by more than 100 %%.",
                        company=company.name,
                    )
                )
            dormancy_floor = company.lifecycle_dormancy_floor_days
            if not 1 <= dormancy_floor <= DORMANCY_FLOOR_DAYS_MAX:
                raise ValidationError(
                    self.env._(
                        "The dormancy floor of %(company)s must be between 1 and "
                        "%(limit)s days.",
                        company=company.name,
                        limit=DORMANCY_FLOOR_DAYS_MAX,
                    )
                )
            if not 0 <= company.lifecycle_opportunity_probability <= 100:
                raise ValidationError(
                    self.env._(
                        "The opportunity probability of %(company)s must be between "
                        "0 and 100 %%.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "retention_trend_threshold_pct",
        "retention_cooldown_days",
        "retention_fallback_user_id",
    )
    def _check_retention_settings(self):
        for company in self:
            if not 0 <= company.retention_trend_threshold_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The retention alert threshold of %(company)s must be between "
                        "0 and 100 %%: revenue cannot drop by more than 100 %%.",
                        company=company.name,
                    )
                )
            if not 0 <= company.retention_cooldown_days <= RETENTION_COOLDOWN_DAYS_MAX:
                raise ValidationError(
                    self.env._(
                        "The retention cool-down of %(company)s must be between 0 and "
                        "%(limit)s days.",
                        company=company.name,
                        limit=RETENTION_COOLDOWN_DAYS_MAX,
                    )
                )
            user = company.retention_fallback_user_id
            if user and (
                not user.active or user.share or company not in user.company_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The retention fallback assignee of %(company)s must be an "
                        "active internal user allowed in %(company)s; %(user)s is not.",
                        company=company.name,
                        user=user.name,
                    )
                )

    @api.constrains("abc_lookback_months", "abc_a_share", "abc_b_share")
    def _check_abc_settings(self):
        for company in self:
            if company.abc_lookback_months < 1:
                raise ValidationError(
                    self.env._(
                        "The ABC look-back of %(company)s must be at least one month.",
                        company=company.name,
                    )
                )
            if company.abc_lookback_months > ABC_LOOKBACK_MONTHS_MAX:
                raise ValidationError(
                    self.env._(
                        "The ABC look-back of %(company)s cannot be longer than "
                        "%(limit)s months.",
                        company=company.name,
                        limit=ABC_LOOKBACK_MONTHS_MAX,
                    )
                )
            if company.abc_a_share <= 0 or company.abc_b_share <= 0:
                raise ValidationError(
                    self.env._(
                        "The class A and class B shares of %(company)s must be "
                        "greater than 0 %%.",
                        company=company.name,
                    )
                )
            if company.abc_a_share + company.abc_b_share >= 100:
                raise ValidationError(
                    self.env._(
                        "The class A and class B shares of %(company)s add up to "
                        "%(total)s %%: they must stay below 100 %% so that class C "
                        "is not empty.",
                        company=company.name,
                        total=company.abc_a_share + company.abc_b_share,
                    )
                )

    @api.constrains(
        "survey_delivery_every",
        "survey_contact_interval_days",
        "satisfaction_window_months",
        "satisfaction_min_answers",
    )
    def _check_satisfaction_settings(self):
        for company in self:
            if not 0 <= company.survey_delivery_every <= SURVEY_DELIVERY_EVERY_MAX:
                raise ValidationError(
                    self.env._(
                        "The survey after every N-th delivery of %(company)s must be "
                        "between 0 (never) and %(limit)s deliveries.",
                        company=company.name,
                        limit=SURVEY_DELIVERY_EVERY_MAX,
                    )
                )
            interval = company.survey_contact_interval_days
            if not 0 <= interval <= SURVEY_CONTACT_INTERVAL_DAYS_MAX:
                raise ValidationError(
                    self.env._(
                        "The minimum interval between two surveys of one contact of "
                        "%(company)s must be between 0 and %(limit)s days.",
                        company=company.name,
                        limit=SURVEY_CONTACT_INTERVAL_DAYS_MAX,
                    )
                )
            window = company.satisfaction_window_months
            if not 1 <= window <= SATISFACTION_WINDOW_MONTHS_MAX:
                raise ValidationError(
                    self.env._(
                        "The satisfaction window of %(company)s must be between 1 and "
                        "%(limit)s months.",
                        company=company.name,
                        limit=SATISFACTION_WINDOW_MONTHS_MAX,
                    )
                )
            minimum = company.satisfaction_min_answers
            if not 1 <= minimum <= SATISFACTION_MIN_ANSWERS_MAX:
                raise ValidationError(
                    self.env._(
                        "The minimum number of answers for a satisfaction score of "
                        "%(company)s must be between 1 and %(limit)s.",
                        company=company.name,
                        limit=SATISFACTION_MIN_ANSWERS_MAX,
                    )
                )

    @api.constrains("churn_horizon_months", "churn_medium_pct", "churn_high_pct")
    def _check_churn_settings(self):
        for company in self:
            if not 1 <= company.churn_horizon_months <= CHURN_HORIZON_MONTHS_MAX:
                raise ValidationError(
                    self.env._(
                        "The churn horizon of %(company)s must be between 1 and "
                        "%(limit)s months.",
                        company=company.name,
                        limit=CHURN_HORIZON_MONTHS_MAX,
                    )
                )
            if not 0 < company.churn_medium_pct < company.churn_high_pct <= 100:
                raise ValidationError(
                    self.env._(
                        "The churn risk bands of %(company)s must satisfy 0 %% < "
                        "medium < high <= 100 %% (medium %(medium)s %%, high "
                        "%(high)s %%).",
                        company=company.name,
                        medium=company.churn_medium_pct,
                        high=company.churn_high_pct,
                    )
                )

    @api.model
    def _satisfaction_set_delivery_survey(self):
        """At installation, companies without one ask the shipped survey."""
        self.search([("survey_delivery_survey_id", "=", False)]).write(
            {
                "survey_delivery_survey_id": self.env.ref(
                    "crm_industrial.survey_transactional"
                ).id
            }
        )

    def _satisfaction_delivery_survey(self):
        """The survey asked after deliveries: the company's, else the shipped one."""
        self.ensure_one()
        return self.survey_delivery_survey_id or self.env.ref(
            "crm_industrial.survey_transactional", raise_if_not_found=False
        )

    def _crm_time_zone(self):
        """The time zone of the company's working calendar, else UTC: the one
        that says on which day an event happened (a complaint, a delivery, an
        answer) and which salesperson owned the customer that day."""
        self.ensure_one()
        return self.resource_calendar_id.sudo().tz or "UTC"

    def _crm_delivery_tolerance_days(self):
        """The days after its promised day that a delivery is still on time
        (``stock.picking._crm_deliveries_sql``): none here; the key
        accounts' module makes it a setting."""
        self.ensure_one()
        return 0

    def _recompute_job_run(self):
        """A churn model's training queued by *Train Now*
        (``crm.churn.model.action_train``), run by the scheduler as the
        manager who started it; the message for them."""
        self.ensure_one()
        result = self.env["crm.churn.model"].sudo()._recompute(self)
        if result.failures:
            raise UserError("\n".join(result.failures.values()))
        model = self.env["crm.churn.model"].search([("company_id", "=", self.id)])
        if not model:
            return self.sudo().churn_training_error
        return self.env._(
            "The churn model of %(company)s is trained (AUC %(auc).3f on the "
            "months it did not learn from) and its customers' risk is up to date.",
            company=self.name,
            auc=model.auc,
        )
