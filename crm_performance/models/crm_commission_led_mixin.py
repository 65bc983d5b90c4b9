# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class CrmCommissionLedMixin(models.AbstractModel):
    """A salesperson's pay record of a period, and the sales team leaders
    who lead the salesperson for that period.

    A team leads a salesperson for a period when the salesperson became its
    (still active) member before the period ended: joining a team later
    gives its leader no say on, and no sight of, the months before. This is
    the one definition of a period's leaders: the record rules of the sales
    managers search it, and the approval of a summary reads it.

    A model using it says, in :meth:`_led_rows_sql`, which salesperson,
    company and period end each of its rows has.
    """

    _name = "crm.commission.led.mixin"
    _description = "Pay Record Led by Sales Team Leaders"

    leader_ids = fields.Many2many(
        "res.users",
        string="Team Leaders",
        compute="_compute_leader_ids",
        search="_search_leader_ids",
        help="The leaders of the sales teams the salesperson had joined before "
        "the period ended: they read these figures and approve them.",
    )

    def _led_rows_sql(self):
        """The ``id``, ``user_id`` (salesperson), ``company_id`` and
        ``ends`` (the day after the period's last day) of the rows; by
        default from the row's ``period_id``."""
        return SQL(
            """SELECT row.id, row.user_id, row.company_id,
                      period.date_to + 1 AS ends
                 FROM %s row
                 JOIN crm_commission_period period ON period.id = row.period_id""",
            SQL.identifier(self._table),
        )

    def _leaders_sql(self):
        """``(id, leader_id)`` for each row and each of its leaders (the
        teams and memberships flushed first, as the rows are)."""
        self.env["crm.team"].flush_model(["user_id", "company_id"])
        self.env["crm.team.member"].flush_model(["user_id", "crm_team_id", "active"])
        self.env["crm.commission.period"].flush_model(["date_to"])
        self.flush_model()
        return SQL(
            """SELECT led.id, team.user_id AS leader_id
                 FROM (%s) led
                 JOIN crm_team_member member
                   ON member.user_id = led.user_id
                  AND member.active
                  AND member.create_date < led.ends
                 JOIN crm_team team
                   ON team.id = member.crm_team_id
                  AND (team.company_id IS NULL OR team.company_id = led.company_id)
                WHERE team.user_id != led.user_id""",
            self._led_rows_sql(),
        )

    def _compute_leader_ids(self):
        leaders = {}
        if self.ids:
            self.env.cr.execute(
                SQL(
                    """SELECT id, array_agg(DISTINCT leader_id)
                         FROM (%s) leader
                        WHERE id = ANY(%s)
                     GROUP BY id""",
                    self._leaders_sql(),
                    list(self.ids),
                )
            )
            leaders = dict(self.env.cr.fetchall())
        for record in self:
            record.leader_ids = self.env["res.users"].browse(leaders.get(record.id, []))

    def _search_leader_ids(self, operator, value):
        if operator != "in" or not all(isinstance(user, int) for user in value):
            raise UserError(
                self.env._(
                    "Search the team leaders of commission records by user only."
                )
            )
        return [
            (
                "id",
                "in",
                SQL(
                    "(SELECT id FROM (%s) leader WHERE leader_id = ANY(%s))",
                    self._leaders_sql(),
                    list(value),
                ),
            )
        ]
