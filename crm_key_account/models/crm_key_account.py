# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from .crm_key_account_criterion import rating_points, weighted_score

STATES = [
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("active", "Active"),
    ("retired", "Retired"),
    ("rejected", "Rejected"),
]
# a customer has at most one key account in these states per company
OPEN_STATES = ("proposed", "approved", "active")


class CrmKeyAccount(models.Model):
    """A customer selected (or proposed) as a key account of a company.

    Proposed by a salesperson or a key-account manager, approved by a Key
    Account Director, then active until retired; every step is dated and
    posted on the chatter, its reason kept for the account's team and the
    directors, and only the governed actions move it.
    Salespeople read that a customer is a key account and who manages it;
    plans, figures and the team's work are for the team.
    """

    _name = "crm.key.account"
    _description = "Key Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state_sequence, name, id"
    _check_company_auto = True

    _customer_open_unique = models.UniqueIndex(
        "(company_id, partner_id) WHERE state IN ('proposed', 'approved', 'active')",
        "This customer is already proposed or selected as a key account.",
    )

    name = fields.Char(
        related="partner_id.name", string="Key Account", store=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STATES, required=True, default="proposed", readonly=True, tracking=True
    )
    state_sequence = fields.Integer(
        compute="_compute_state_sequence", store=True, export_string_translation=False
    )
    salesperson_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Key Account Manager",
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    sponsor_id = fields.Many2one(
        "res.users",
        string="Executive Sponsor",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="The senior manager who answers for the relationship at the "
        "customer's executive level.",
    )
    share_ids = fields.One2many(
        "crm.key.account.share",
        "key_account_id",
        string="Commission Shares",
        readonly=True,
        help="The team's commission shares over time: an invoice is split by "
        "the shares of its date, while the account was active.",
    )
    member_ids = fields.One2many(
        "crm.key.account.member", "key_account_id", string="Team"
    )
    team_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_team_user_ids",
        compute_sudo=True,
        search="_search_team_user_ids",
        string="Team Users",
        help="The key-account manager, the executive sponsor and the members.",
    )
    is_team_member = fields.Boolean(
        compute="_compute_team_user_ids",
        compute_sudo=True,
        search="_search_is_team_member",
    )

    # selection
    proposal_reason = fields.Text(
        compute="_compute_reasons",
        inverse="_inverse_proposal_reason",
        help="Why this customer should be a key account. Read by the account's "
        "team, its proposer and the Key Account Directors only.",
    )
    proposal_reason_text = fields.Text(
        string="Proposal Reason (stored)", groups="base.group_system", copy=False
    )
    proposed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        default=lambda self: self.env.user,
    )
    proposed_date = fields.Date(readonly=True, default=fields.Date.context_today)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_date = fields.Date(readonly=True)
    active_date = fields.Date(string="Key Account Since", readonly=True)
    end_date = fields.Date(
        string="Ended On", readonly=True, help="Retired or rejected on this date."
    )
    end_reason = fields.Text(
        string="Reason for Ending",
        compute="_compute_reasons",
        help="Why the director rejected or retired the key account. Read by "
        "the account's team and the Key Account Directors only.",
    )
    end_reason_text = fields.Text(
        string="Reason for Ending (stored)", groups="base.group_system", copy=False
    )
    rating_ids = fields.One2many(
        "crm.key.account.rating", "key_account_id", string="Ratings"
    )
    profile_id = fields.Many2one(
        "crm.customer.profile",
        compute="_compute_profile_id",
        string="Customer Profile",
        compute_sudo=True,
    )
    selection_score = fields.Float(
        compute="_compute_selection_score",
        digits=(16, 1),
        compute_sudo=True,
        help="Weighted mean, 0 to 100, of the selection criteria: measured ones "
        "from the customer's figures, rated ones from the ratings below. "
        "Criteria without a value are left out and the weights rescaled.",
    )
    selection_breakdown = fields.Text(
        compute="_compute_selection_score", compute_sudo=True
    )
    capacity_warning = fields.Char(compute="_compute_capacity_warning")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {state: index for index, (state, _label) in enumerate(STATES)}
        # active first, then what waits for a decision, then the ended ones
        order.update(active=-1)
        for account in self:
            account.state_sequence = order[account.state]

    @api.depends("manager_id", "sponsor_id", "member_ids.user_id")
    def _compute_team_user_ids(self):
        for account in self:
            account.team_user_ids = (
                account.manager_id | account.sponsor_id | account.member_ids.user_id
            )
            account.is_team_member = self.env.user in account.team_user_ids

    @api.depends("proposal_reason_text", "end_reason_text")
    @api.depends_context("uid")
    def _compute_reasons(self):
        """The reasons, for those who may read them: the team and the
        directors; the proposer reads the reason he gave too."""
        user = self.env.user
        director = self.env.su or user.has_group(
            "crm_key_account.group_key_account_director"
        )
        for account, stored in zip(self, self.sudo(), strict=True):
            team = director or user in stored.team_user_ids
            account.proposal_reason = (
                stored.proposal_reason_text
                if team or stored.proposed_by_id == user
                else False
            )
            account.end_reason = stored.end_reason_text if team else False

    def _inverse_proposal_reason(self):
        for account in self:
            stored = account.sudo()
            reason = (account.proposal_reason or "").strip()
            if reason == (stored.proposal_reason_text or ""):
                continue
            if not reason:
                raise ValidationError(
                    self.env._("Say why this customer should be a key account.")
                )
            if stored.proposal_reason_text and account.state != "proposed":
                raise UserError(
                    self.env._(
                        "The reason %(account)s was proposed for is what the "
                        "director decided on: it changes only while proposed.",
                        account=account.display_name,
                    )
                )
            stored.proposal_reason_text = reason

    def _search_team_user_ids(self, operator, value):
        if operator not in ("in", "any"):
            return NotImplemented
        return [
            "|",
            "|",
            ("manager_id", operator, value),
            ("sponsor_id", operator, value),
            ("member_ids.user_id", operator, value),
        ]

    def _search_is_team_member(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = self._search_team_user_ids("in", [self.env.uid])
        return domain if True in value else ["!", *domain]

    @api.depends("partner_id", "company_id")
    def _compute_profile_id(self):
        profiles = self.env["crm.customer.profile"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        by_key = {(p.partner_id.id, p.company_id.id): p for p in profiles}
        for account in self:
            account.profile_id = by_key.get(
                (account.partner_id.id, account.company_id.id), False
            )

    @api.depends(
        "partner_id",
        "company_id",
        "rating_ids.rating",
        "rating_ids.criterion_id.weight",
    )
    def _compute_selection_score(self):
        # read from the view in SQL: an unknown component (no trend) stays
        # NULL, where the ORM would read 0.0
        self.env["crm.key.account.candidate"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, company_id, %(columns)s"
                "  FROM crm_key_account_candidate"
                " WHERE partner_id = ANY(%(partners)s)"
                "   AND company_id = ANY(%(companies)s)",
                columns=SQL(", ").join(
                    SQL.identifier(column) for column in CANDIDATE_POINTS.values()
                ),
                partners=self.partner_id.ids,
                companies=self.company_id.ids,
            )
        )
        by_key = {
            (row[0], row[1]): dict(zip(CANDIDATE_POINTS.values(), row[2:], strict=True))
            for row in self.env.cr.fetchall()
        }
        criteria = self.env["crm.key.account.criterion"].search(
            [("company_id", "in", self.company_id.ids)]
        )
        director = self.env.user.has_group("crm_key_account.group_key_account_director")
        for account in self:
            # the figures behind the score are the customer's: shown to the
            # proposer, the account's team and directors only
            if not (
                director
                or self.env.user in account.team_user_ids
                or self.env.user == account.proposed_by_id
            ):
                account.selection_score = 0.0
                account.selection_breakdown = False
                continue
            candidate = by_key.get((account.partner_id.id, account.company_id.id), {})
            ratings = {r.criterion_id: r.rating for r in account.rating_ids}
            components, lines = [], []
            for criterion in criteria.filtered(
                lambda c, account=account: c.company_id == account.company_id
            ):
                if criterion.source == "rated":
                    rating = ratings.get(criterion)
                    points = rating_points(rating) if rating else None
                else:
                    points = candidate.get(CANDIDATE_POINTS[criterion.source])
                components.append((criterion.weight, points))
                lines.append(
                    self.env._(
                        "%(criterion)s (weight %(weight)s): %(points)s",
                        criterion=criterion.name,
                        weight=round(criterion.weight, 1),
                        points=self.env._("no value, left out")
                        if points is None
                        else round(points),
                    )
                )
            score = weighted_score(components)
            account.selection_score = score or 0.0
            account.selection_breakdown = "\n".join(lines)

    @api.depends("state", "manager_id", "company_id")
    def _compute_capacity_warning(self):
        active = self.sudo()._read_group(
            [("state", "=", "active"), ("company_id", "in", self.company_id.ids)],
            ["company_id", "manager_id"],
            ["__count"],
        )
        per_company, per_manager = {}, {}
        for company, manager, count in active:
            per_company[company] = per_company.get(company, 0) + count
            if manager:
                per_manager[(company, manager)] = count
        for account in self:
            company = account.company_id
            warnings = []
            company_count = per_company.get(company, 0)
            if company.key_account_max and company_count > company.key_account_max:
                warnings.append(
                    self.env._(
                        "%(company)s has %(count)s active key accounts, more than "
                        "its maximum of %(max)s.",
                        company=company.name,
                        count=company_count,
                        max=company.key_account_max,
                    )
                )
            manager_count = per_manager.get((company, account.manager_id), 0)
            limit = company.key_account_max_per_manager
            if account.manager_id and limit and manager_count > limit:
                warnings.append(
                    self.env._(
                        "%(manager)s manages %(count)s active key accounts, more "
                        "than the maximum of %(max)s per manager.",
                        manager=account.manager_id.name,
                        count=manager_count,
                        max=limit,
                    )
                )
            account.capacity_warning = " ".join(warnings)

    def _compute_display_name(self):
        for account in self:
            account.display_name = account.partner_id.display_name or account.name

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("partner_id")
    def _check_partner_company(self):
        for account in self:
            if account.partner_id != account.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: propose the "
                        "company as a key account.",
                        contact=account.partner_id.name,
                        company=account.partner_id.commercial_partner_id.name,
                    )
                )

    @api.constrains("manager_id", "sponsor_id")
    def _check_internal_users(self):
        for account in self:
            for user in account.manager_id | account.sponsor_id:
                if user.share or not user.active:
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot manage or sponsor a key account: "
                            "only active internal users can.",
                            user=user.name,
                        )
                    )

    # fields only the governed actions below write
    _WORKFLOW_FIELDS = frozenset(
        {
            "state",
            "proposed_by_id",
            "proposed_date",
            "approved_by_id",
            "approved_date",
            "active_date",
            "end_date",
            "end_reason_text",
            "partner_id",
            "company_id",
        }
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            governed = set(vals) & (
                self._WORKFLOW_FIELDS - {"partner_id", "company_id"}
            )
            if governed and not self.env.su:
                raise UserError(
                    self.env._(
                        "A key account starts as a proposal: its state and "
                        "dates are set by the approval, activation and "
                        "retirement actions."
                    )
                )
        for vals in vals_list:
            if not (vals.get("proposal_reason") or "").strip():
                raise ValidationError(
                    self.env._("Say why this customer should be a key account.")
                )
        self._check_no_open_account(vals_list)
        accounts = super().create(vals_list)
        for account in accounts:
            account.message_post(
                body=self.env._(
                    "Proposed as a key account by %(user)s.",
                    user=account.proposed_by_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return accounts

    def _check_no_open_account(self, vals_list):
        """A customer has one proposed, approved or active key account per
        company (the unique index holds it under concurrency)."""
        for vals in vals_list:
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            company_id = vals.get("company_id") or self.env.company.id
            if partner and self.sudo().search_count(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company_id),
                    ("state", "in", OPEN_STATES),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(customer)s is already proposed or selected as a key "
                        "account.",
                        customer=partner.name,
                    )
                )

    def write(self, vals):
        if set(vals) & self._WORKFLOW_FIELDS and not self.env.su:
            raise UserError(
                self.env._(
                    "The customer, state and dates of a key account change only "
                    "through its actions: approve, activate, reject or retire."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposals(self):
        for account in self:
            if account.state not in ("proposed", "rejected"):
                raise UserError(
                    self.env._(
                        "%(account)s has been approved: retire it instead of "
                        "deleting it, so that its history stays.",
                        account=account.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _check_director(self):
        if not self.env.user.has_group("crm_key_account.group_key_account_director"):
            raise AccessError(
                self.env._(
                    "Only a Key Account Director can approve, reject or retire "
                    "key accounts."
                )
            )

    def _check_state(self, allowed, action):
        """Refuse ``action`` (the button's label) outside the ``allowed`` states."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for account in self:
            if account.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(account)s is %(state)s: %(action)s is not possible in "
                        "that state.",
                        account=account.display_name,
                        state=states[account.state],
                        action=action,
                    )
                )

    def _record_shares(self):
        """Record the team's shares of these accounts as of today, and say
        so on the account (the history keeps what they were)."""
        shares = self.env["crm.key.account.share"]._record(self)
        for account in shares.key_account_id:
            account.sudo().message_post(
                body=self.env._(
                    "Commission shares from %(date)s, set by %(user)s: %(shares)s.",
                    date=format_date(self.env, shares[:1].date_from),
                    user=self.env.user.name,
                    shares=", ".join(
                        f"{share.user_id.name} {share.share_pct:g} %"
                        for share in shares
                        if share.key_account_id == account
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _active_days_sql(self, company):
        """SQL of the days each key account of ``company`` was active:
        (partner_id, date_from, date_to), from its activation to the day
        before it ended. A customer is a key account on a day within them:
        the commissions' rates and splits read it so."""
        return SQL(
            """
SELECT account.partner_id, account.active_date AS date_from,
       COALESCE(account.end_date - 1, 'infinity'::date) AS date_to
  FROM crm_key_account account
 WHERE account.company_id = %(company)s
   AND account.active_date IS NOT NULL
            """,
            company=company.id,
        )

    def action_approve(self):
        self._check_director()
        self._check_state(("proposed",), self.env._("Approve"))
        for account in self:
            # nobody approves a selection that raises their own pay: the
            # proposer, the account's manager, the customer's salesperson
            if not self.env.su and self.env.user in (
                account.proposed_by_id | account.manager_id | account.partner_id.user_id
            ):
                raise UserError(
                    self.env._(
                        "You proposed %(account)s, manage it or sell to it: "
                        "another Key Account Director approves it.",
                        account=account.display_name,
                    )
                )
            if not account.manager_id:
                raise UserError(
                    self.env._(
                        "Name the key-account manager of %(account)s before "
                        "approving it.",
                        account=account.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        self.sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": today,
            }
        )
        for account in self:
            account.message_post(
                body=self.env._("Approved by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_activate(self):
        for account in self:
            if not (
                self.env.user == account.manager_id
                or self.env.user.has_group("crm_key_account.group_key_account_director")
            ):
                raise AccessError(
                    self.env._(
                        "Only the key-account manager of %(account)s or a Key "
                        "Account Director can activate it.",
                        account=account.display_name,
                    )
                )
        self._check_state(("approved",), self.env._("Activate"))
        today = fields.Date.context_today(self)
        self.sudo().write({"state": "active", "active_date": today})
        for account in self:
            account.message_post(
                body=self.env._(
                    "Active key account from %(date)s, managed by %(manager)s.",
                    date=fields.Date.to_string(today),
                    manager=account.manager_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _end(self, state, reason):
        """Reject (``rejected``) or retire (``retired``) with a reason."""
        self._check_director()
        if state == "rejected":
            self._check_state(("proposed", "approved"), self.env._("Reject"))
        else:
            self._check_state(("active",), self.env._("Retire"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for ending the key account."))
        today = fields.Date.context_today(self)
        self.sudo().write(
            {"state": state, "end_date": today, "end_reason_text": reason}
        )
        # the reason stays on the account, for its team and the directors:
        # every salesperson reads the chatter
        user = self.env.user.name
        if state == "rejected":
            message = self.env._("Rejected by %(user)s.", user=user)
        else:
            message = self.env._("Retired by %(user)s.", user=user)
        for account in self:
            account.message_post(body=message, subtype_xmlid="mail.mt_note")
        return True

    def action_reject(self, reason):
        return self._end("rejected", reason)

    def action_retire(self, reason):
        return self._end("retired", reason)

    def action_open_end_wizard(self):
        self.ensure_one()
        self._check_director()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.key.account.end",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_key_account_id": self.id,
                "default_action": "retire" if self.state == "active" else "reject",
            },
        }

    # ------------------------------------------------------------------
    # Recompute (called by the customer profiles' nightly run)
    # ------------------------------------------------------------------

    @api.model
    def _recompute_company(self, company, today):
        """The key-account steps of ``company``'s nightly run; rows written.

        Called by the customer profiles' recompute, in its savepoint and
        under its lock, after the profiles, satisfaction scores and
        complaint figures it reads: the service levels, then the share of
        wallet and health (which read them), then the visits due.
        """
        written = self.env["crm.key.account.service.level"]._recompute_company(
            company, today
        )
        written += self.env["crm.key.account.health"]._recompute_company(company, today)
        return written + self._schedule_overdue_visits(company, today)


# the candidate report's column of each measured source
CANDIDATE_POINTS = {
    "revenue": "revenue_points",
    "margin": "margin_points",
    "growth": "growth_points",
    "class": "class_points",
}
