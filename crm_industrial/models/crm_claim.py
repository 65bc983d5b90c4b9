# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, float_compare
from odoo.tools.misc import format_datetime

from .complaint_rules import WorkingTime, service_level, target_hours
from .crm_claim_sla import SEVERITY_SELECTION
from .crm_customer_ownership import local_day_sql
from .crm_customer_profile import ABC_CLASSES

_logger = logging.getLogger(__name__)

SLA_STATES = [
    ("on_track", "On Track"),
    ("near", "Near Target"),
    ("breached", "Target Missed"),
    ("met", "Targets Met"),
]
TARGET_FIELDS = ("response_target_hours", "resolution_target_hours")
# what of a complaint counts in whose figures, and when
EVIDENCE_FIELDS = {"partner_id", "date", "company_id"}
SERVICE_LEVEL_FIELDS = (
    "response_hours",
    "resolution_hours",
    "response_met",
    "resolution_met",
    "sla_state",
    "response_deadline",
    "resolution_deadline",
)
# The working time fetched past the last complaint to place its deadlines,
# doubled while a deadline lies beyond it, up to the longest.
DEADLINE_SPAN = timedelta(weeks=8)
DEADLINE_SPAN_MAX = timedelta(weeks=8 * 16)


class CrmClaim(models.Model):
    """A customer complaint, with its service level in working hours.

    The targets come from the company's table (:class:`CrmClaimSla`) by
    severity and by the customer's ABC class at receipt; the elapsed working
    hours are counted on the company's working calendar. The state of the
    complaints still open moves with time: it is refreshed by a frequent
    scheduled action and by the recompute of the complaint figures.
    """

    _inherit = "crm.claim"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    crm_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_crm_partner_id",
        store=True,
        index=True,
        help="The company the complaint comes from.",
    )
    # who handles the complaint: the record rules read it
    user_id = fields.Many2one(index=True)
    crm_customer_user_id = fields.Many2one(
        related="crm_partner_id.user_id",
        string="Customer's Salesperson",
        store=True,
        index=True,
        tracking=False,
    )
    salesperson_id = fields.Many2one(
        "res.users",
        string="Salesperson at Receipt",
        compute="_compute_salesperson_id",
        store=True,
        index=True,
        help="Who owned the customer when the complaint was received, from the "
        "ownership history: the complaint counts in their figures.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        domain="[('partner_id.commercial_partner_id', '=', crm_partner_id)]",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index="btree_not_null",
        domain="[('picking_type_code', '=', 'outgoing'),"
        " ('partner_id.commercial_partner_id', '=', crm_partner_id)]",
    )
    product_id = fields.Many2one("product.product")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        domain="[('product_id', '=', product_id)]",
    )
    severity = fields.Selection(
        SEVERITY_SELECTION,
        required=True,
        default="medium",
        tracking=True,
        index=True,
    )
    abc_class_at_receipt = fields.Selection(
        ABC_CLASSES,
        string="Customer Class at Receipt",
        compute="_compute_abc_class_at_receipt",
        store=True,
        help="The customer's ABC class in the company when the complaint was "
        "received; its targets depend on it.",
    )
    response_target_hours = fields.Float(
        string="First Answer Target (h)",
        compute="_compute_targets",
        store=True,
        readonly=False,
        help="Working hours within which the customer must get a first answer, "
        "from the company's complaint targets; sales managers may change it.",
    )
    resolution_target_hours = fields.Float(
        string="Resolution Target (h)",
        compute="_compute_targets",
        store=True,
        readonly=False,
        help="Working hours within which the complaint must be resolved, from "
        "the company's complaint targets; sales managers may change it.",
    )
    sla_targets_editable = fields.Boolean(compute="_compute_sla_targets_editable")
    date_first_response = fields.Datetime(
        string="First Answered",
        compute="_compute_date_first_response",
        store=True,
        readonly=False,
        copy=False,
        help="Set when an employee first sends the customer a message on the "
        "complaint, or marks it answered; a complaint resolved without an "
        "answer is answered by its resolution.",
    )
    date_resolved = fields.Datetime(
        string="Resolved",
        compute="_compute_date_resolved",
        store=True,
        readonly=False,
        copy=False,
        help="Set when the complaint enters a stage that resolves it, cleared "
        "when it goes back.",
    )
    date_closed = fields.Datetime(
        compute="_compute_date_closed",
        store=True,
        readonly=False,
        copy=False,
        help="Set when the complaint is archived, cleared when it is restored.",
    )
    response_hours = fields.Float(
        string="Hours to First Answer",
        compute="_compute_service_level",
        store=True,
        help="Working hours from receipt to the first answer.",
    )
    resolution_hours = fields.Float(
        string="Hours to Resolution",
        compute="_compute_service_level",
        store=True,
        help="Working hours from receipt to the resolution.",
    )
    response_deadline = fields.Datetime(
        string="Answer By",
        compute="_compute_service_level",
        store=True,
    )
    resolution_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_service_level",
        store=True,
    )
    response_met = fields.Boolean(
        string="Answered in Time",
        compute="_compute_service_level",
        store=True,
        help="Answered within its target; while unanswered, whether it still is.",
    )
    resolution_met = fields.Boolean(
        string="Resolved in Time",
        compute="_compute_service_level",
        store=True,
        help="Resolved within its target; while open, whether it still is.",
    )
    sla_state = fields.Selection(
        SLA_STATES,
        string="Service Level",
        compute="_compute_service_level",
        store=True,
        index=True,
        help="Target Missed as soon as one target is exceeded; Targets Met when "
        "answered and resolved in time; Near Target when an open target has "
        "used 80 % of its working hours; else On Track.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id.commercial_partner_id")
    def _compute_crm_partner_id(self):
        for claim in self:
            claim.crm_partner_id = claim.partner_id.commercial_partner_id

    @api.depends("crm_partner_id", "date", "company_id")
    def _compute_salesperson_id(self):
        dated = self.filtered(lambda claim: claim.crm_partner_id and claim.date)
        asked = {
            claim: (claim.crm_partner_id.id, claim.date, claim._calendar_zone())
            for claim in dated
        }
        owners = self.env["crm.customer.ownership"]._owners_at(asked.values())
        for claim in self:
            claim.salesperson_id = owners.get(asked.get(claim))

    @api.depends("crm_partner_id", "company_id")
    def _compute_abc_class_at_receipt(self):
        profiles = (
            self.env["crm.customer.profile"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "in", self.crm_partner_id.ids),
                    ("company_id", "in", (self.company_id | self.env.company).ids),
                ],
                ["partner_id", "company_id", "abc_class"],
            )
        )
        classes = {
            (profile.partner_id, profile.company_id): profile.abc_class
            for profile in profiles
        }
        for claim in self:
            company = claim.company_id or self.env.company
            claim.abc_class_at_receipt = classes.get(
                (claim.crm_partner_id, company), "none"
            )

    @api.depends("severity", "abc_class_at_receipt", "company_id")
    def _compute_targets(self):
        companies = self.company_id | self.env.company
        tables = self.env["crm.claim.sla"]._company_targets(companies)
        for claim in self:
            company = claim.company_id or self.env.company
            (
                claim.response_target_hours,
                claim.resolution_target_hours,
            ) = target_hours(
                tables[company.id],
                claim.severity or "medium",
                claim.abc_class_at_receipt,
            )

    @api.depends_context("uid")
    def _compute_sla_targets_editable(self):
        editable = self.env.user.has_group("sales_team.group_sale_manager")
        for claim in self:
            claim.sla_targets_editable = editable

    @api.depends("date_resolved")
    def _compute_date_first_response(self):
        for claim in self:
            claim.date_first_response = claim.date_first_response or claim.date_resolved

    @api.depends("stage_id")
    def _compute_date_resolved(self):
        now = fields.Datetime.now()
        for claim in self:
            if claim.stage_id.crm_resolved:
                claim.date_resolved = claim.date_resolved or now
            else:
                claim.date_resolved = False

    @api.depends("active")
    def _compute_date_closed(self):
        now = fields.Datetime.now()
        for claim in self:
            if claim.active:
                claim.date_closed = False
            else:
                claim.date_closed = claim.date_closed or now

    @api.depends(
        "date",
        "date_first_response",
        "date_resolved",
        "response_target_hours",
        "resolution_target_hours",
        "company_id",
    )
    def _compute_service_level(self):
        now = fields.Datetime.now()
        measured = self.filtered(
            lambda claim: (
                claim.date
                and claim.response_target_hours > 0
                and claim.resolution_target_hours > 0
            )
        )
        for claim in self - measured:
            claim.update(dict.fromkeys(SERVICE_LEVEL_FIELDS, False))
        for company, claims in measured.grouped("company_id").items():
            start = min(claims.mapped("date"))
            moments = [
                now,
                *claims.mapped("date_first_response"),
                *claims.mapped("date_resolved"),
            ]
            latest = max(moment for moment in moments if moment)
            last_received = max(claims.mapped("date"))
            span = DEADLINE_SPAN
            deadlines = {}
            while True:
                working = self._working_time(
                    company, start, max(latest, last_received + span)
                )
                for claim in claims:
                    deadlines[claim] = [
                        working.moment_after(claim.date, hours)
                        for hours in claim._targets()
                    ]
                if span >= DEADLINE_SPAN_MAX or all(
                    all(pair) for pair in deadlines.values()
                ):
                    break
                span *= 2
            for claim in claims:
                level = service_level(
                    working,
                    claim.date,
                    claim.date_first_response,
                    claim.date_resolved,
                    claim._targets(),
                    now=now,
                )
                claim.update(
                    {
                        "response_hours": level.response_hours,
                        "resolution_hours": level.resolution_hours,
                        "response_met": level.response_met,
                        "resolution_met": level.resolution_met,
                        "sla_state": level.state,
                        "response_deadline": deadlines[claim][0],
                        "resolution_deadline": deadlines[claim][1],
                    }
                )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains(*TARGET_FIELDS)
    def _check_targets(self):
        for claim in self:
            if claim.response_target_hours <= 0 or claim.resolution_target_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "The targets of complaint %(claim)s must be more than 0 "
                        "working hours.",
                        claim=claim.display_name,
                    )
                )

    @api.constrains("date", "date_first_response", "date_resolved", "date_closed")
    def _check_dates(self):
        for claim in self:
            if not claim.date:
                continue
            received = format_datetime(self.env, claim.date)
            if claim.date_resolved and claim.date_resolved < claim.date:
                raise ValidationError(
                    self.env._(
                        "Complaint %(claim)s cannot be resolved before it was "
                        "received on %(received)s.",
                        claim=claim.display_name,
                        received=received,
                    )
                )
            if claim.date_first_response and claim.date_first_response < claim.date:
                raise ValidationError(
                    self.env._(
                        "Complaint %(claim)s cannot be answered before it was "
                        "received on %(received)s.",
                        claim=claim.display_name,
                        received=received,
                    )
                )
            if claim.date_closed and claim.date_closed < claim.date:
                raise ValidationError(
                    self.env._(
                        "Complaint %(claim)s cannot be closed before it was "
                        "received on %(received)s.",
                        claim=claim.display_name,
                        received=received,
                    )
                )

    @api.constrains("crm_partner_id", "sale_order_id", "picking_id", "lot_id")
    def _check_documents(self):
        for claim in self.sudo():
            customer = claim.crm_partner_id
            order = claim.sale_order_id
            if order and order.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Sale order %(order)s is not an order of the complaint's "
                        "customer %(customer)s.",
                        order=order.name,
                        customer=customer.display_name or "-",
                    )
                )
            picking = claim.picking_id
            if picking and (
                picking.picking_type_code != "outgoing"
                or picking.partner_id.commercial_partner_id != customer
            ):
                raise ValidationError(
                    self.env._(
                        "%(picking)s is not a delivery to the complaint's customer "
                        "%(customer)s.",
                        picking=picking.name,
                        customer=customer.display_name or "-",
                    )
                )
            lot = claim.lot_id
            if lot and lot.product_id != claim.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s is a lot of %(lot_product)s, not of the "
                        "complaint's product.",
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------

    @api.onchange("picking_id")
    def _onchange_picking_id(self):
        if self.picking_id:
            self.sale_order_id = self.sale_order_id or self.picking_id.sale_id
            self.partner_id = self.partner_id or self.picking_id.partner_id

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        if self.sale_order_id and not self.partner_id:
            self.partner_id = self.sale_order_id.partner_id

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.lot_id.product_id != self.product_id:
            self.lot_id = False

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        claims = super().create(vals_list)
        if any(field in vals for vals in vals_list for field in TARGET_FIELDS):
            claims._check_target_editor()
        return claims

    def write(self, vals):
        if EVIDENCE_FIELDS & vals.keys():
            self._check_evidence_change()
        if not any(field in vals for field in TARGET_FIELDS):
            return super().write(vals)
        before = {claim: claim._targets() for claim in self}
        result = super().write(vals)
        self._check_target_editor()
        for claim, targets in before.items():
            if claim._targets() != targets:
                claim._log_target_change(targets)
        return result

    def _check_evidence_change(self):
        """A complaint's customer, date and company count in its
        salesperson's figures (and pay, through the scorecard): they change
        only by a sales manager's correction, with its reason logged
        (``crm.claim.correction``)."""
        if self.env.su:
            return
        self._check_correction_manager()
        if not self.env.context.get("crm_claim_correction"):
            raise AccessError(
                self.env._(
                    "A complaint's customer and date are corrected with "
                    "Correct Customer or Date, which logs why."
                )
            )

    def _check_correction_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._(
                    "Only sales managers correct a complaint's customer or date."
                )
            )

    def _check_target_editor(self):
        """Only sales managers set targets other than the company's table."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        tables = self.env["crm.claim.sla"]._company_targets(
            self.company_id | self.env.company
        )
        for claim in self:
            company = claim.company_id or self.env.company
            expected = target_hours(
                tables[company.id], claim.severity, claim.abc_class_at_receipt
            )
            if any(
                float_compare(given, target, precision_digits=2)
                for given, target in zip(claim._targets(), expected, strict=True)
            ):
                raise AccessError(
                    self.env._(
                        "Only sales managers change the targets of a complaint "
                        "(%(claim)s).",
                        claim=claim.display_name,
                    )
                )

    def _log_target_change(self, previous):
        """Note on the chatter who set the targets, from what to what."""
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "Targets set to %(response)s h for the first answer and "
                "%(resolution)s h for the resolution (were %(previous_response)s h "
                "and %(previous_resolution)s h).",
                response=self.response_target_hours,
                resolution=self.resolution_target_hours,
                previous_response=previous[0],
                previous_resolution=previous[1],
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        """An employee's first message to the customer answers the complaint."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if (
            message.message_type == "comment"
            and message.subtype_id
            and not message.subtype_id.internal
            and any(not user.share for user in author.user_ids)
        ):
            unanswered = self.filtered(
                lambda claim: (
                    not claim.date_first_response
                    and claim.date
                    and claim.date <= message.date
                    and author.commercial_partner_id != claim.crm_partner_id
                )
            )
            if unanswered:
                unanswered.sudo().date_first_response = message.date
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_mark_answered(self):
        """Record that the customer got a first answer now (outside Odoo)."""
        self.check_access("write")
        self.filtered(lambda claim: not claim.date_first_response).write(
            {"date_first_response": fields.Datetime.now()}
        )
        return True

    @api.model
    def _cron_refresh_service_levels(self):
        """The state of every active company's open complaints, as of now."""
        companies = self.env["res.company"].search([("active", "=", True)])
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(companies))
        for company in companies:
            try:
                with self.env.cr.savepoint():
                    self._refresh_open_service_levels(company)
            except Exception:  # one company's failure must not stop the others
                _logger.exception(
                    "Refreshing the complaint service levels of %s failed",
                    company.name,
                )
            finally:
                self.env.invalidate_all()
            cron._commit_progress(1)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _init_complaints(self):
        """At installation: what the claims recorded before already tell.

        A claim already settled or rejected was resolved when it last entered
        its stage, as its chatter tracked it, else when it was closed or
        created; a claim's salesperson at receipt is looked up in the
        ownership history, whose first rows are opened here if need be.
        """
        self.env["crm.customer.ownership"]._init_from_partners()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
UPDATE crm_claim claim
   SET date_resolved = GREATEST(claim.date, COALESCE(
           (SELECT MAX(message.date)
              FROM mail_message message
              JOIN mail_tracking_value tracking
                ON tracking.mail_message_id = message.id
             WHERE message.model = 'crm.claim'
               AND message.res_id = claim.id
               AND tracking.field_id = %(stage_field)s
               AND tracking.new_value_integer = claim.stage_id),
           claim.date_closed,
           claim.create_date))
  FROM crm_claim_stage stage
 WHERE stage.id = claim.stage_id
   AND stage.crm_resolved
   AND claim.date_resolved IS NULL
RETURNING claim.id
                """,
                stage_field=self.env["ir.model.fields"]
                ._get("crm.claim", "stage_id")
                .id,
            )
        )
        resolved = self.browse(claim_id for (claim_id,) in self.env.cr.fetchall())
        self.invalidate_model(["date_resolved"])
        resolved.modified(["date_resolved"])
        customers_claims = self.with_context(active_test=False).search(
            [("crm_partner_id", "!=", False)]
        )
        self.env.add_to_compute(self._fields["salesperson_id"], customers_claims)
        self.env.flush_all()

    def _targets(self):
        self.ensure_one()
        return (self.response_target_hours, self.resolution_target_hours)

    def _calendar_zone(self):
        """The time zone of the working calendar the complaint is measured on."""
        company = self.company_id or self.env.company
        return company._crm_time_zone()

    @api.model
    def _working_time(self, company, start, end):
        """The working time of ``company``'s calendar from ``start`` to ``end``.

        Naive UTC datetimes; public holidays of the calendar are not worked.
        A company without a working calendar works around the clock.
        """
        calendar = (company or self.env.company).resource_calendar_id.sudo()
        if not calendar:
            return WorkingTime([(start, end)])
        intervals = calendar._work_intervals_batch(
            utc.localize(start), utc.localize(end)
        )[False]
        return WorkingTime(
            [
                (
                    begin.astimezone(utc).replace(tzinfo=None),
                    stop.astimezone(utc).replace(tzinfo=None),
                )
                for begin, stop, _attendance in intervals
            ]
        )

    @api.model
    def _deliveries_sql(self, company, start, end, zone):
        """SQL: the outgoing deliveries of ``company`` done from ``start`` to
        before ``end`` (UTC), one row each: the customer (``partner_id``) and
        who owned it when it was delivered (``user_id``). The deliveries that
        complaints are counted against, per customer and per salesperson."""
        Ownership = self.env["crm.customer.ownership"]
        delivered = SQL(
            """SELECT picking.id, partner.commercial_partner_id AS partner_id,
                      %(day)s AS day
                 FROM stock_picking picking
                 JOIN stock_picking_type picking_type
                   ON picking_type.id = picking.picking_type_id
                 JOIN res_partner partner ON partner.id = picking.partner_id
                WHERE picking.company_id = %(company)s
                  AND picking.state = 'done'
                  AND picking_type.code = 'outgoing'
                  AND picking.date_done >= %(start)s
                  AND picking.date_done < %(end)s""",
            day=local_day_sql(SQL("picking.date_done"), zone),
            company=company.id,
            start=start,
            end=end,
        )
        return SQL(
            "SELECT delivered.partner_id, delivered.owner_id AS user_id"
            " FROM (%s) delivered",
            Ownership._owners_on_sql(
                delivered, SQL("asked.partner_id"), SQL("asked.day")
            ),
        )

    @api.model
    def _refresh_open_service_levels(self, company):
        """Met flags and state of ``company``'s open complaints as of now.

        The same statements whatever the number of complaints: one read, the
        working time of the calendar, one update of the complaints whose
        state moved. Returns the number of complaints written.
        """
        now = fields.Datetime.now()
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
SELECT id, date, date_first_response, response_target_hours,
       resolution_target_hours, response_met, resolution_met, sla_state
  FROM crm_claim
 WHERE company_id = %(company)s
   AND active
   AND date_resolved IS NULL
   AND date <= %(now)s
   AND response_target_hours > 0
   AND resolution_target_hours > 0
                """,
                company=company.id,
                now=now,
            )
        )
        rows = cr.fetchall()
        working = self._working_time(
            company, min((row[1] for row in rows), default=now), now
        )
        changed = []
        for claim_id, received, answered, response, resolution, *before in rows:
            level = service_level(
                working, received, answered, None, (response, resolution), now=now
            )
            after = [level.response_met, level.resolution_met, level.state]
            if after != before:
                changed.append([claim_id, *after])
        cr.execute(
            SQL(
                """
UPDATE crm_claim claim
   SET response_met = new.response_met,
       resolution_met = new.resolution_met,
       sla_state = new.sla_state
  FROM unnest(%(ids)s::int[], %(response_met)s::bool[], %(resolution_met)s::bool[],
              %(states)s::varchar[])
       AS new(id, response_met, resolution_met, sla_state)
 WHERE claim.id = new.id
                """,
                ids=[row[0] for row in changed],
                response_met=[row[1] for row in changed],
                resolution_met=[row[2] for row in changed],
                states=[row[3] for row in changed],
            )
        )
        self.invalidate_model(["response_met", "resolution_met", "sla_state"])
        return len(changed)
