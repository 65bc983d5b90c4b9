# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .account_move_line import COST_SOURCES
from .unkeyed_many2one import UnkeyedMany2one

LINE_KINDS = [
    ("earned", "Earned"),
    ("clawback", "Refund Clawback"),
    ("unpaid", "Unpaid Reversal"),
    ("paid_late", "Earned on Late Payment"),
    ("adjustment", "Locked Period Adjustment"),
    ("holdback", "New Customer Holdback"),
    ("holdback_release", "Holdback Released"),
    ("holdback_forfeit", "Holdback Forfeited"),
]


class CrmCommissionLine(models.Model):
    """The commission one invoice line (or one payment of it, on a paid
    plan) earns its salesperson in a period.

    Written only by the period's computation (set-based, see
    :meth:`~.crm_commission_line_statement.CrmCommissionLine._lines_query`); nobody
    edits them. The customer's class, key-account and new-customer flags are
    those of the invoice date: a later reclassification of the customer
    changes no line of a past sale.

    Besides the commission earned, a line may reverse commission earned in
    an earlier period (a credit note's clawback, an invoice still unpaid
    after the plan's days), or earn it again (that invoice paid at last):
    such a line points to its cause, the original invoice and its line.
    What a locked (approved, validated, paid) period would compute
    differently today is adjusted by a line of the next period computed,
    pointing to the locked period and its line.
    """

    _name = "crm.commission.line"
    _inherit = ["crm.commission.led.mixin"]
    _description = "Commission Line"
    _order = "date desc, id desc"

    _source_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT "
        "(period_id, move_line_id, partial_id, user_id, kind, origin_period_id)",
        "An invoice line earns (or reverses) a salesperson commission once per "
        "period, payment and kind.",
    )
    _company_user_idx = models.Index("(company_id, user_id, date)")
    # a period's lines of the customers changed since its last run
    _period_partner_idx = models.Index("(period_id, partner_id)")
    # the lines another period's run wrote since a period's last run (its
    # earlier lines, clawed back), and a run's own: found by their stamp.
    # A B-tree, not a BRIN: a run rewrites lines in place, its new rows
    # land anywhere in the table, and a BRIN read the whole table for them
    _write_date_idx = models.Index("(write_date)")

    # indexed with the customer (``_period_partner_idx``)
    period_id = fields.Many2one(
        "crm.commission.period",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    # who computed the line: no foreign key (``UnkeyedMany2one``)
    create_uid = UnkeyedMany2one("res.users", string="Created by", readonly=True)
    write_uid = UnkeyedMany2one("res.users", string="Last Updated by", readonly=True)
    # the period's (no foreign key: ``UnkeyedMany2one``)
    company_id = UnkeyedMany2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    plan_id = fields.Many2one("crm.commission.plan", readonly=True, ondelete="restrict")
    # the invoice line's (no foreign key: ``UnkeyedMany2one``)
    move_id = UnkeyedMany2one("account.move", string="Invoice", readonly=True)
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice Line",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Payment",
        readonly=True,
        ondelete="cascade",
        help="On a paid plan, the reconciliation of the invoice with the "
        "payment this line earns on.",
    )
    # the invoice's customer company (no foreign key: ``UnkeyedMany2one``)
    partner_id = UnkeyedMany2one("res.partner", string="Customer", readonly=True)
    date = fields.Date(
        readonly=True,
        help="The invoice date; on a paid plan, the payment date.",
    )
    product_categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    customer_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C"), ("none", "No sales")],
        readonly=True,
    )
    is_new_customer = fields.Boolean(string="New Customer", readonly=True)
    is_key_account = fields.Boolean(string="Key Account", readonly=True)
    share_pct = fields.Float(
        string="Split (%)",
        readonly=True,
        digits=(16, 1),
        aggregator=False,
        help="The salesperson's share of the invoice line: their share in the "
        "team of an active key account, else 100 %.",
    )
    base_amount = fields.Monetary(
        string="Base",
        readonly=True,
        help="The salesperson's share of the invoiced or paid untaxed amount, "
        "or gross margin, in company currency; negative for credit notes.",
    )
    cost_amount = fields.Monetary(
        string="Cost",
        readonly=True,
        help="Gross margin plans: the salesperson's share of the cost of the "
        "invoice line, as fixed when the invoice was posted, plus the landed "
        "costs of its delivery dated by the period's end; the base is the "
        "untaxed amount less it.",
    )
    cost_source = fields.Selection(
        COST_SOURCES,
        readonly=True,
        help="Where the cost of the sale came from when its invoice was posted.",
    )
    landed_cost_id = fields.Many2one(
        "stock.landed.cost",
        string="Cost Corrected By",
        readonly=True,
        ondelete="restrict",
        help="Gross margin plans: the latest landed cost on the delivery of "
        "the goods sold (freight, duties) included in the cost; on a locked "
        "period adjustment, the landed cost that caused it.",
    )
    landed_cost_ref = fields.Char(
        related="landed_cost_id.name",
        string="Landed Cost",
        help="The reference of the landed cost that corrected the cost, for "
        "those who do not read landed costs.",
    )
    rate = fields.Float(
        string="Rate (%)", readonly=True, digits=(16, 2), aggregator="avg"
    )
    paid_factor = fields.Float(
        string="Paid At",
        readonly=True,
        digits=(16, 4),
        aggregator=False,
        help="Refund clawbacks: what one unit of the refunded line's commission "
        "paid in its period, after the multipliers and the pay curve (its "
        "commission on the lines over the lines' commission). The clawback "
        "takes back the line's commission times this factor: what was paid.",
    )
    rule_id = fields.Many2one("crm.commission.rule", readonly=True, ondelete="set null")
    amount = fields.Monetary(string="Commission", readonly=True)

    is_satisfaction_gated = fields.Boolean(
        string="Satisfaction Gate",
        readonly=True,
        help="The customer's own satisfaction score was below the plan's "
        "gate: the rate is the gate's share of the normal rate.",
    )

    # clawbacks: what reverses (or earns again) the commission of an
    # invoice line of an earlier period, and that line
    kind = fields.Selection(
        LINE_KINDS,
        required=True,
        default="earned",
        readonly=True,
        help="Earned: the commission of the invoice line (or payment). Refund "
        "clawback: a credit note reverses the commission its invoice earned "
        "in an earlier period, on the refunded part, at that line's rate and "
        "split. Unpaid reversal: the invoice is still unpaid the plan's days "
        "after its due date. Earned on late payment: that invoice is paid at "
        "last. Locked period adjustment: what a locked period would earn "
        "today on the invoice line, less what it earned and was adjusted "
        "already. New customer holdback: the plan's share of a new "
        "customer's commission, held in the period of the sale until the "
        "customer buys again within the plan's window; released in the first "
        "period after it in which the customer has, or forfeited (for the "
        "record, nothing paid) when the window closes. Neither multiplier nor "
        "pay curve applies to these.",
    )
    origin_move_id = fields.Many2one(
        "account.move",
        string="Original Invoice",
        readonly=True,
        ondelete="set null",
        help="The invoice whose commission this line reverses or earns again.",
    )
    origin_period_id = fields.Many2one(
        "crm.commission.period",
        string="Adjusted Period",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The locked period this line adjusts.",
    )
    origin_line_id = fields.Many2one(
        "crm.commission.line",
        string="Original Commission Line",
        readonly=True,
        ondelete="set null",
        help="The commission line of an earlier period this line reverses or "
        "earns again.",
    )

    # workflow: the salesperson's disputes of this line
    dispute_ids = fields.One2many(
        "crm.commission.dispute", "line_id", string="Disputes", readonly=True
    )
