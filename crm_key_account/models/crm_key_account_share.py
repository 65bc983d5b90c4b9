# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class CrmKeyAccountShare(models.Model):
    """The commission shares of a key account's team over time: one row per
    member with a share and the days it held, append-only.

    Written when a Key Account Director changes the team's shares (each
    change closes the account's open rows the day before and opens the new
    ones), never by hand. The commissions split an invoice line by the
    shares valid on its invoice date, and only while the account was
    active then (:meth:`_valid_shares_sql`).
    """

    _name = "crm.key.account.share"
    _description = "Key Account Commission Share"
    _order = "key_account_id, date_from desc, share_pct desc, id"

    key_account_id = fields.Many2one(
        "crm.key.account", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="key_account_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", string="Member", required=True, readonly=True
    )
    share_pct = fields.Float(string="Share (%)", digits=(16, 1), readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(
        string="To", readonly=True, help="Empty: the shares of today."
    )

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------

    def write(self, vals):
        """Refused, even as superuser: :meth:`_record` closes the rows.
        Writing nothing on no rows stays the usual no-op."""
        if self:
            raise UserError(
                self.env._(
                    "The history of a key account's shares is kept as it was: "
                    "a Key Account Director changes the team's shares."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "The history of a key account's shares is kept as it was: "
                "a Key Account Director changes the team's shares."
            )
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _record(self, accounts, today=None):
        """Close the open rows of ``accounts`` whose shares changed, the day
        before ``today``, and open their members' shares from ``today``.
        An account whose open rows already say its members' shares is left
        alone: recording twice writes once."""
        today = today or fields.Date.context_today(self)
        Share = self.sudo()
        open_rows = Share.search(
            [("key_account_id", "in", accounts.ids), ("date_to", "=", False)]
        )
        to_close, to_open = Share, []
        for account in accounts:
            rows = open_rows.filtered(
                lambda row, account=account: row.key_account_id == account
            )
            recorded = {(row.user_id.id, round(row.share_pct, 1)) for row in rows}
            members = {
                (member.user_id.id, round(member.share_pct, 1))
                for member in account.sudo().member_ids
                if member.share_pct > 0
            }
            if recorded == members:
                continue
            to_close |= rows
            to_open += [
                {
                    "key_account_id": account.id,
                    "user_id": user_id,
                    "share_pct": share,
                    "date_from": today,
                }
                for user_id, share in sorted(members)
            ]
        if to_close:
            # the ORM refuses every write to the history: closing is this
            # method's own, in one statement (a row opened today and closed
            # today held no day: it goes)
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
DELETE FROM crm_key_account_share WHERE id IN %(ids)s AND date_from >= %(today)s;
UPDATE crm_key_account_share
   SET date_to = %(today)s::date - 1, write_uid = %(uid)s,
       write_date = NOW() AT TIME ZONE 'UTC'
 WHERE id IN %(ids)s AND date_to IS NULL
                    """,
                    ids=tuple(to_close.ids),
                    today=today,
                    uid=self.env.uid,
                )
            )
            self.invalidate_model()
        return Share.create(to_open)

    @api.model
    def _init_from_members(self):
        """The first rows of the accounts' current shares, from their
        activation (or creation): nothing is known of earlier shares."""
        self.env.flush_all()
        self.env.cr.execute(
            """
INSERT INTO crm_key_account_share (
    key_account_id, company_id, user_id, share_pct, date_from,
    create_uid, create_date, write_uid, write_date)
SELECT account.id, account.company_id, member.user_id, member.share_pct,
       COALESCE(account.active_date, account.create_date::date),
       1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
  FROM crm_key_account_member member
  JOIN crm_key_account account ON account.id = member.key_account_id
 WHERE member.share_pct > 0
   AND NOT EXISTS (SELECT 1 FROM crm_key_account_share share
                    WHERE share.key_account_id = account.id)
            """
        )
        self.invalidate_model()

    @api.model
    def _valid_shares_sql(self, company):
        """SQL of the shares of ``company``'s key accounts, each with the days
        it split revenue: (partner_id, user_id, share_pct, date_from,
        date_to), the days within both the share's and the account's
        active days (from its activation, to the day before it ended)."""
        return SQL(
            """
SELECT account.partner_id, share.user_id, share.share_pct,
       GREATEST(share.date_from, account.active_date) AS date_from,
       LEAST(COALESCE(share.date_to, 'infinity'::date),
             COALESCE(account.end_date - 1, 'infinity'::date)) AS date_to
  FROM crm_key_account_share share
  JOIN crm_key_account account ON account.id = share.key_account_id
 WHERE account.company_id = %(company)s
   AND account.active_date IS NOT NULL
   AND share.share_pct > 0
            """,
            company=company.id,
        )
