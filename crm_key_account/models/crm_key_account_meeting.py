# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmKeyAccountMeeting(models.Model):
    """The yearly meeting of a key account with the customer's management.

    Attendees on both sides, minutes, and decisions that become work for
    their owners; held once a year, scheduled in the calendar as the
    account's annual meeting.
    """

    _name = "crm.key.account.meeting"
    _description = "Annual Key Account Meeting"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    _account_year_unique = models.Constraint(
        "UNIQUE(key_account_id, year)",
        "A key account has one annual meeting per year.",
    )

    key_account_id = fields.Many2one(
        "crm.key.account",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('state', '=', 'active')]",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="key_account_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="key_account_id.partner_id")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    date = fields.Datetime(required=True, tracking=True)
    location = fields.Char()
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Our Attendees",
        domain="[('share', '=', False)]",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        string="Customer Attendees",
        domain="[('commercial_partner_id', '=', partner_id),"
        " ('is_company', '=', False)]",
    )
    minutes = fields.Html()
    decision_ids = fields.One2many(
        "crm.key.account.meeting.decision", "meeting_id", string="Decisions"
    )
    event_id = fields.Many2one(
        "calendar.event", string="Calendar Event", readonly=True, copy=False
    )

    def _compute_display_name(self):
        for meeting in self:
            meeting.display_name = self.env._(
                "%(account)s: annual meeting %(year)s",
                account=meeting.key_account_id.display_name,
                year=meeting.year,
            )

    @api.constrains("key_account_id")
    def _check_key_account_active(self):
        for meeting in self:
            if meeting.key_account_id.state != "active":
                raise ValidationError(
                    self.env._(
                        "%(account)s is not an active key account: it has no "
                        "annual meeting.",
                        account=meeting.key_account_id.display_name,
                    )
                )

    @api.constrains("year", "date")
    def _check_year(self):
        for meeting in self:
            if meeting.date and meeting.date.year != meeting.year:
                raise ValidationError(
                    self.env._(
                        "The annual meeting of %(year)s must take place in %(year)s.",
                        year=meeting.year,
                    )
                )

    @api.constrains("contact_ids")
    def _check_contacts(self):
        for meeting in self:
            strangers = meeting.contact_ids.filtered(
                lambda c, meeting=meeting: c.commercial_partner_id != meeting.partner_id
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(contacts)s do not work for %(customer)s.",
                        contacts=", ".join(strangers.mapped("name")),
                        customer=meeting.partner_id.name,
                    )
                )

    def action_schedule(self):
        """Put the meeting in the attendees' calendars (or update it)."""
        for meeting in self:
            vals = {
                "name": meeting.display_name,
                "start": meeting.date,
                "stop": meeting.date + timedelta(hours=3),
                "location": meeting.location,
                "crm_key_account_id": meeting.key_account_id.id,
                "crm_visit_type": "annual_meeting",
                "partner_ids": [
                    Command.set((meeting.user_ids.partner_id | meeting.contact_ids).ids)
                ],
            }
            if meeting.event_id:
                meeting.event_id.write(vals)
            else:
                meeting.event_id = self.env["calendar.event"].create(vals)
        return True

    def action_held(self):
        """The meeting took place: each decision becomes work for its owner."""
        for meeting in self:
            if meeting.state != "planned":
                raise UserError(
                    self.env._(
                        "%(meeting)s is already held.", meeting=meeting.display_name
                    )
                )
            if not meeting.minutes or not meeting.minutes.striptags().strip():
                raise UserError(
                    self.env._(
                        "Write the minutes of %(meeting)s before closing it.",
                        meeting=meeting.display_name,
                    )
                )
        self.state = "held"
        self.decision_ids._schedule()
        return True
