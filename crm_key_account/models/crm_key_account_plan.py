# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_key_account_plan_contact import BUYING_ROLES

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("in_execution", "In Execution"),
    ("closed", "Closed"),
]

# transition: (states it leaves from, state it reaches)
TRANSITIONS = {
    "submit": (("draft",), "submitted"),
    "return": (("submitted", "approved"), "draft"),
    "approve": (("submitted",), "approved"),
    "execute": (("approved",), "in_execution"),
    "close": (("in_execution",), "closed"),
}

# the texts that make next year's plan start from this one
PLAN_TEXT_FIELDS = (
    "situation",
    "strategy",
    "value_chain",
    "our_position",
    "swot_strengths",
    "swot_weaknesses",
    "swot_opportunities",
    "swot_threats",
)


class CrmKeyAccountPlan(models.Model):
    """The annual plan of a key account.

    One per key account and year: the customer's situation and strategy, its
    value chain and where we fit, a SWOT, the competitors on the account, the
    objectives with their actuals measured live, the buying centre and the
    action items. Drafted by the key-account manager, submitted, approved by
    a Key Account Director, executed and closed; each step carries a review
    note posted on the chatter. The account's team reads it; other
    salespeople only see that the customer is a key account.
    """

    _name = "crm.key.account.plan"
    _description = "Key Account Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, key_account_id, id"
    _check_company_auto = True

    _account_year_unique = models.Constraint(
        "UNIQUE(key_account_id, year)",
        "A key account has one plan per year.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    key_account_id = fields.Many2one(
        "crm.key.account",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'active')]",
    )
    partner_id = fields.Many2one(
        related="key_account_id.partner_id", string="Customer", store=True
    )
    company_id = fields.Many2one(
        related="key_account_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    manager_id = fields.Many2one(
        related="key_account_id.manager_id", string="Key Account Manager"
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        aggregator=None,
    )
    state = fields.Selection(
        PLAN_STATES, required=True, default="draft", readonly=True, tracking=True
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Date(readonly=True, copy=False)
    previous_plan_id = fields.Many2one(
        "crm.key.account.plan",
        string="Started From",
        readonly=True,
        index="btree_not_null",
        help="The previous year's plan this one was started from.",
    )

    situation = fields.Text(string="Customer's Situation")
    strategy = fields.Text(string="Customer's Strategy")
    value_chain = fields.Text(
        help="How the customer makes and sells: suppliers, production, "
        "channels, end markets.",
    )
    our_position = fields.Text(
        string="Where We Fit",
        help="Where our products and services enter the customer's value chain.",
    )
    swot_strengths = fields.Text(string="Strengths")
    swot_weaknesses = fields.Text(string="Weaknesses")
    swot_opportunities = fields.Text(string="Opportunities")
    swot_threats = fields.Text(string="Threats")

    competitor_ids = fields.One2many(
        "crm.key.account.plan.competitor", "plan_id", string="Competitors"
    )
    objective_ids = fields.One2many(
        "crm.key.account.plan.objective", "plan_id", string="Objectives"
    )
    contact_ids = fields.One2many(
        "crm.key.account.plan.contact", "plan_id", string="Buying Centre"
    )
    action_ids = fields.One2many(
        "crm.key.account.plan.action", "plan_id", string="Action Items"
    )
    uncovered_roles = fields.Char(
        compute="_compute_uncovered_roles",
        help="Roles of the buying centre that no contact holds yet.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("key_account_id.partner_id.name", "year")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "%(customer)s %(year)s",
                customer=plan.key_account_id.partner_id.name or "",
                year=plan.year,
            )

    def _progress_pct(self):
        """{plan: mean progress of its measured objectives, each counted up
        to 100 %}; a plan with nothing measured is left out."""
        progress = {}
        for plan in self:
            measured = plan.objective_ids.filtered("is_measured")
            if measured:
                progress[plan] = sum(
                    min(objective.progress_pct, 100.0) for objective in measured
                ) / len(measured)
        return progress

    @api.depends("contact_ids.role")
    def _compute_uncovered_roles(self):
        labels = dict(
            self.env["crm.key.account.plan.contact"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        for plan in self:
            covered = set(plan.contact_ids.mapped("role"))
            plan.uncovered_roles = ", ".join(
                labels[role] for role, _label in BUYING_ROLES if role not in covered
            )

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------

    @api.constrains("key_account_id")
    def _check_key_account_active(self):
        for plan in self:
            if plan.key_account_id.state != "active":
                raise ValidationError(
                    self.env._(
                        "%(customer)s is not an active key account: only active "
                        "key accounts get an account plan.",
                        customer=plan.key_account_id.display_name,
                    )
                )

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(
                    self.env._("%(year)s is not a plausible plan year.", year=plan.year)
                )

    def _check_one_plan_per_year(self, pairs):
        """One plan per key account and year (the unique constraint holds it
        under concurrency; this says it in the user's words first)."""
        seen = set()
        for account_id, year in pairs:
            duplicate = (account_id, year) in seen or self.sudo().search_count(
                [
                    ("key_account_id", "=", account_id),
                    ("year", "=", year),
                    ("id", "not in", self.ids),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "%(account)s already has a plan for %(year)s.",
                        account=self.env["crm.key.account"]
                        .sudo()
                        .browse(account_id)
                        .display_name,
                        year=year,
                    )
                )
            seen.add((account_id, year))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("state" in vals for vals in vals_list):
            raise UserError(
                self.env._(
                    "An account plan starts as a draft: its steps set its state."
                )
            )
        default_year = fields.Date.context_today(self).year
        self._check_one_plan_per_year(
            (vals.get("key_account_id"), vals.get("year") or default_year)
            for vals in vals_list
        )
        # the action items' activities are scheduled once the plans and
        # their followers exist
        plans = (
            super(CrmKeyAccountPlan, self.with_context(crm_plan_defer_activities=True))
            .create(vals_list)
            .with_env(self.env)
        )
        plans.action_ids._schedule_activities()
        return plans

    # fields only the steps below write
    _GOVERNED_FIELDS = frozenset(
        {"state", "approved_by_id", "approved_date", "key_account_id"}
    )

    def write(self, vals):
        if not self.env.su and self._GOVERNED_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "An account plan stays with its key account, and its state "
                    "changes only through its steps: submit, approve, start "
                    "execution, close."
                )
            )
        if "year" in vals:
            self._check_one_plan_per_year(
                (plan.key_account_id.id, vals["year"]) for plan in self
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._(
                        "%(plan)s has been submitted: only draft plans can be deleted.",
                        plan=plan.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def _transition(self, transition, note):
        """Move the plans one step, posting the review note on their chatter.

        Only who may edit the plan (its key-account manager, a director)
        moves it; only a Key Account Director approves it.
        """
        from_states, to_state = TRANSITIONS[transition]
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._("Write a review note for this step."))
        if transition in ("approve", "return") and not self.env.user.has_group(
            "crm_key_account.group_key_account_director"
        ):
            raise AccessError(
                self.env._(
                    "Only a Key Account Director approves an account plan or "
                    "returns it to draft."
                )
            )
        self.check_access("write")
        labels = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            if plan.state not in from_states:
                raise UserError(
                    self.env._(
                        "%(plan)s is %(state)s: it cannot move to %(target)s.",
                        plan=plan.display_name,
                        state=labels[plan.state],
                        target=labels[to_state],
                    )
                )
        vals = {"state": to_state}
        if to_state == "approved":
            vals.update(
                approved_by_id=self.env.uid,
                approved_date=fields.Date.context_today(self),
            )
        elif to_state == "draft":
            vals.update(approved_by_id=False, approved_date=False)
        self.sudo().write(vals)
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "%(state)s by %(user)s: %(note)s",
                    state=labels[to_state],
                    user=self.env.user.name,
                    note=note,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_submit(self, note):
        return self._transition("submit", note)

    def action_return_to_draft(self, note):
        return self._transition("return", note)

    def action_approve(self, note):
        return self._transition("approve", note)

    def action_start_execution(self, note):
        return self._transition("execute", note)

    def action_close(self, note):
        return self._transition("close", note)

    def action_open_review(self):
        """Ask for the review note of the step given in the context."""
        self.ensure_one()
        transition = self.env.context.get("plan_transition")
        if transition not in TRANSITIONS:
            raise UserError(self.env._("Unknown step of an account plan."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review Note"),
            "res_model": "crm.key.account.plan.review",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_plan_id": self.id,
                "default_transition": transition,
            },
        }

    # ------------------------------------------------------------------
    # Next year's plan
    # ------------------------------------------------------------------

    def action_start_next_year(self):
        """Start next year's plan as a draft from this one.

        It takes the texts, the SWOT, the competitors, the buying centre and
        the open action items; those items move to the new plan (with a new
        activity for their owner) and are marked carried over here, so that
        nobody gets the same to-do twice. Objectives are set anew each year.
        """
        self.ensure_one()
        self.check_access("write")
        next_plan = self.create(
            {
                "key_account_id": self.key_account_id.id,
                "year": self.year + 1,
                "previous_plan_id": self.id,
                **{name: self[name] for name in PLAN_TEXT_FIELDS},
                "competitor_ids": [
                    Command.create(competitor._next_year_values())
                    for competitor in self.competitor_ids
                ],
                "contact_ids": [
                    Command.create(contact._next_year_values())
                    for contact in self.contact_ids
                ],
                "action_ids": [
                    Command.create(action._next_year_values())
                    for action in self.action_ids.filtered(
                        lambda action: action.state == "open"
                    )
                ],
            }
        )
        self.action_ids.filtered(lambda action: action.state == "open")._carry_over(
            next_plan
        )
        self.message_post(
            body=self.env._(
                "Plan for %(year)s started from this one by %(user)s.",
                year=next_plan.year,
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": next_plan.id,
            "view_mode": "form",
        }
