# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What a sales manager may write on a dispute themselves; the rest is written
# at creation or by the Answer button.
ANSWER_FIELDS = {"answer"}


class CrmCommissionDispute(models.Model):
    """A salesperson's objection to one of their commission lines.

    The salesperson raises it on a line of a computed period with a comment;
    the sales manager who approves the salesperson answers it, and cannot
    approve them while it is unanswered. The period, salesperson and company
    are copied from the line when the dispute is raised, so that the dispute
    outlives a line a later computation removes.
    """

    _name = "crm.commission.dispute"
    _inherit = ["mail.thread", "crm.commission.led.mixin"]
    _description = "Commission Dispute"
    _order = "create_date desc, id desc"

    line_id = fields.Many2one(
        "crm.commission.line",
        string="Commission Line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    period_id = fields.Many2one(
        "crm.commission.period", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, readonly=True, index=True
    )
    move_id = fields.Many2one(related="line_id.move_id")
    partner_id = fields.Many2one(related="line_id.partner_id")
    amount = fields.Monetary(related="line_id.amount")
    comment = fields.Text(required=True, readonly=True, tracking=True)
    answer = fields.Text(tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("answered", "Answered")],
        required=True,
        default="open",
        readonly=True,
        tracking=True,
    )
    answered_by_id = fields.Many2one("res.users", readonly=True)
    answer_date = fields.Datetime(string="Answered On", readonly=True)

    @api.depends("line_id", "user_id")
    def _compute_display_name(self):
        for dispute in self:
            dispute.display_name = self.env._(
                "Dispute of %(salesperson)s on %(invoice)s",
                salesperson=dispute.user_id.name,
                invoice=dispute.move_id.name or dispute.period_id.display_name,
            )

    @api.model_create_multi
    def create(self, vals_list):
        Line = self.env["crm.commission.line"]
        for vals in vals_list:
            line = Line.browse(vals.get("line_id"))
            if not line:
                raise UserError(self.env._("A dispute is raised on a commission line."))
            if not (vals.get("comment") or "").strip():
                raise UserError(self.env._("Say what is wrong with the line."))
            if not self.env.su and line.user_id != self.env.user:
                raise AccessError(
                    self.env._("You can only dispute your own commission lines.")
                )
            if line.period_id.state != "computed":
                raise UserError(
                    self.env._(
                        "The commissions of %(period)s are no longer open to disputes.",
                        period=line.period_id.display_name,
                    )
                )
            vals.update(
                period_id=line.period_id.id,
                company_id=line.company_id.id,
                user_id=line.user_id.id,
                state="open",
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            if vals.keys() - ANSWER_FIELDS:
                raise UserError(
                    self.env._(
                        "A dispute's comment and state change only through its "
                        "Answer button."
                    )
                )
            if any(dispute.state != "open" for dispute in self):
                raise UserError(self.env._("An answered dispute is closed."))
        return super().write(vals)

    def action_answer(self):
        """The sales manager who approves the salesperson answers."""
        for dispute in self:
            if dispute.state != "open":
                raise UserError(self.env._("This dispute is answered already."))
            if not (dispute.answer or "").strip():
                raise UserError(self.env._("Write the answer first."))
            summaries = self.env["crm.commission.summary"].search(
                [
                    ("period_id", "=", dispute.period_id.id),
                    ("user_id", "=", dispute.user_id.id),
                ]
            )
            approvable = self.env["crm.commission.summary"]._approvable(
                dispute.period_id, self.env.user
            )
            if not summaries or summaries - approvable:
                raise AccessError(
                    self.env._(
                        "Only the sales manager who approves %(salesperson)s "
                        "answers their disputes.",
                        salesperson=dispute.user_id.name,
                    )
                )
        self.sudo().write(
            {
                "state": "answered",
                "answered_by_id": self.env.uid,
                "answer_date": fields.Datetime.now(),
            }
        )
        return True

    @api.model
    def _check_answered(self, summaries):
        """Refuse to approve ``summaries`` (of one period) while their
        salespeople have an open dispute on it: the manager answers first."""
        disputes = self.sudo().search(
            [
                ("period_id", "in", summaries.period_id.ids),
                ("user_id", "in", summaries.user_id.ids),
                ("state", "=", "open"),
            ]
        )
        if disputes:
            raise UserError(
                self.env._(
                    "Answer the disputes of %(salespeople)s before approving "
                    "their commissions of %(period)s.",
                    salespeople=", ".join(disputes.user_id.mapped("name")),
                    period=summaries.period_id[:1].display_name,
                )
            )
