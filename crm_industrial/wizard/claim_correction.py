# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_datetime


class CrmClaimCorrection(models.TransientModel):
    """A sales manager corrects the customer or the date of a complaint,
    with a reason logged on it: the complaint counts in the figures of the
    customer's salesperson of its day, and in the scorecard of that month."""

    _name = "crm.claim.correction"
    _description = "Correct a Complaint's Customer or Date"

    claim_id = fields.Many2one("crm.claim", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Complainant",
        required=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Datetime(
        string="Received",
        required=True,
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
    )
    reason = fields.Char(required=True)

    @api.depends("claim_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = wizard.claim_id.partner_id

    @api.depends("claim_id")
    def _compute_date(self):
        for wizard in self:
            wizard.date = wizard.claim_id.date

    def action_apply(self):
        self.ensure_one()
        claim = self.claim_id
        claim._check_correction_manager()
        if not (self.reason or "").strip():
            raise ValidationError(
                self.env._("Say why the complaint's customer or date is corrected.")
            )
        before = (claim.partner_id, claim.date)
        if before == (self.partner_id, self.date):
            return {"type": "ir.actions.act_window_close"}
        claim.with_context(crm_claim_correction=True).write(
            {"partner_id": self.partner_id.id, "date": self.date}
        )
        claim.message_post(
            body=self.env._(
                "Corrected by %(user)s: complainant %(old_partner)s → "
                "%(new_partner)s, received %(old_date)s → %(new_date)s. "
                "Reason: %(reason)s",
                user=self.env.user.name,
                old_partner=before[0].display_name or "-",
                new_partner=self.partner_id.display_name,
                old_date=format_datetime(self.env, before[1]) if before[1] else "-",
                new_date=format_datetime(self.env, self.date),
                reason=self.reason.strip(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
