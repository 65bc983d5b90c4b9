# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

BUYING_ROLES = [
    ("decision_maker", "Decision Maker"),
    ("influencer", "Influencer"),
    ("user", "User"),
    ("buyer", "Buyer"),
    ("gatekeeper", "Gatekeeper"),
    ("technical_evaluator", "Technical Evaluator"),
]
ATTITUDES = [
    ("champion", "Champion"),
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("sceptic", "Sceptic"),
    ("opponent", "Opponent"),
]


class CrmKeyAccountPlanContact(models.Model):
    """A person of the customer's buying centre, as the plan maps it.

    The date we last met or dealt with the person is read from the meetings
    they attended and from the activities done and emails exchanged on
    their contact record, for every contact of the plans in one query.
    """

    _name = "crm.key.account.plan.contact"
    _description = "Key Account Plan Buying Centre Contact"
    _order = "plan_id, influence desc, id"

    _influence_bounds = models.Constraint(
        "CHECK(influence >= 1 AND influence <= 5)",
        "A contact's influence is rated from 1 to 5.",
    )

    plan_id = fields.Many2one(
        "crm.key.account.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    customer_id = fields.Many2one(related="plan_id.partner_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        domain="[('commercial_partner_id', '=', customer_id),"
        " ('is_company', '=', False)]",
    )
    function = fields.Char(related="partner_id.function")
    role = fields.Selection(BUYING_ROLES, required=True)
    influence = fields.Integer(
        required=True,
        default=3,
        aggregator=None,
        help="How much weight the person carries in the buying decision, "
        "from 1 (little) to 5 (decisive).",
    )
    attitude = fields.Selection(ATTITUDES, required=True, default="neutral")
    notes = fields.Text()
    last_contact_date = fields.Date(
        compute="_compute_last_contact_date",
        compute_sudo=True,
        help="The last meeting the person attended, or the last activity done "
        "or email exchanged on their contact record.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_last_contact_date(self):
        partners = self.partner_id
        last_dates = {}
        if partners:
            self.env["calendar.event"].flush_model(["start", "partner_ids"])
            self.env["mail.message"].flush_model(
                ["model", "res_id", "date", "message_type", "mail_activity_type_id"]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT partner_id, MAX(contact_date)::date
                      FROM (
                        SELECT rel.res_partner_id AS partner_id,
                               event.start AS contact_date
                          FROM calendar_event_res_partner_rel rel
                          JOIN calendar_event event
                            ON event.id = rel.calendar_event_id
                         WHERE rel.res_partner_id = ANY(%(partners)s)
                           AND event.active
                           AND event.start <= %(now)s
                         UNION ALL
                        SELECT message.res_id, message.date
                          FROM mail_message message
                         WHERE message.model = 'res.partner'
                           AND message.res_id = ANY(%(partners)s)
                           AND message.date <= %(now)s
                           AND (message.mail_activity_type_id IS NOT NULL
                                OR message.message_type = 'email')
                      ) contacts
                     GROUP BY partner_id
                    """,
                    partners=partners.ids,
                    now=fields.Datetime.now(),
                )
            )
            last_dates = dict(self.env.cr.fetchall())
        for contact in self:
            contact.last_contact_date = last_dates.get(contact.partner_id.id)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("partner_id", "plan_id")
    def _check_contact_of_customer(self):
        for contact in self:
            customer = contact.plan_id.partner_id
            if contact.partner_id.commercial_partner_id != customer or (
                contact.partner_id == customer
            ):
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact person of %(customer)s.",
                        contact=contact.partner_id.display_name,
                        customer=customer.display_name,
                    )
                )

    def _next_year_values(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "role": self.role,
            "influence": self.influence,
            "attitude": self.attitude,
            "notes": self.notes,
        }
