# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare


class CrmKeyAccountRole(models.Model):
    """A role in a key account's cross-functional team (editable list)."""

    _name = "crm.key.account.role"
    _description = "Key Account Team Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class CrmKeyAccountMember(models.Model):
    """A user on a key account's team, with a role and an optional share."""

    _name = "crm.key.account.member"
    _description = "Key Account Team Member"
    _order = "key_account_id, sequence, id"

    key_account_id = fields.Many2one(
        "crm.key.account", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="key_account_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    role_id = fields.Many2one(
        "crm.key.account.role", required=True, ondelete="restrict"
    )
    share_pct = fields.Float(
        string="Share (%)",
        digits=(16, 1),
        groups="crm_key_account.group_key_account_director",
        help="The member's share of the account's results, used to split "
        "commissions among the team from the day it is set; empty if the "
        "member takes no share. Set by a Key Account Director who is not on "
        "the team.",
    )

    _user_unique = models.Constraint(
        "UNIQUE(key_account_id, user_id)",
        "A user is on a key account's team once.",
    )
    _share_bounds = models.Constraint(
        "CHECK(share_pct IS NULL OR (share_pct >= 0 AND share_pct <= 100))",
        "A member's share lies between 0 % and 100 %.",
    )

    # ------------------------------------------------------------------
    # CRUD: the shares are a Key Account Director's
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.filtered(lambda member: member.sudo().share_pct)._check_share_change()
        members.key_account_id._record_shares()
        return members

    def write(self, vals):
        if "key_account_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "A team member stays on their key account: remove them and "
                    "add them to the other account's team."
                )
            )
        moves_a_share = "share_pct" in vals or "user_id" in vals
        if moves_a_share:
            self.filtered(
                lambda member: member.sudo().share_pct or vals.get("share_pct")
            )._check_share_change()
        result = super().write(vals)
        if moves_a_share:
            self.key_account_id._record_shares()
        return result

    def unlink(self):
        accounts = self.key_account_id
        self.filtered(lambda member: member.sudo().share_pct)._check_share_change()
        result = super().unlink()
        accounts.exists()._record_shares()
        return result

    def _check_share_change(self):
        """Only a Key Account Director who is not on the team (its manager
        or a member) changes its commission shares: whoever a share pays
        does not set it."""
        if self.env.su or not self:
            return
        user = self.env.user
        if not user.has_group("crm_key_account.group_key_account_director"):
            raise AccessError(
                self.env._(
                    "Only a Key Account Director sets the commission shares of "
                    "a key account's team."
                )
            )
        for account in self.key_account_id:
            if user in account.manager_id | account.sudo().member_ids.user_id:
                raise UserError(
                    self.env._(
                        "You are on the team of %(account)s: another Key "
                        "Account Director sets its shares.",
                        account=account.display_name,
                    )
                )

    @api.constrains("share_pct", "key_account_id")
    def _check_share_total(self):
        for account in self.key_account_id.sudo():
            total = sum(account.member_ids.mapped("share_pct"))
            if total > 100.0 + 1e-6:
                raise ValidationError(
                    self.env._(
                        "The team shares of %(account)s add up to %(total)s %%: "
                        "they may not exceed 100 %%.",
                        account=account.display_name,
                        total=round(total, 1),
                    )
                )

    @api.model
    def _check_commission_shares(self, company):
        """The team shares of each active key account of ``company`` that
        has any add up to 100 %: its revenue is split by them."""
        wrong = [
            (account, total)
            for account, total in self._read_group(
                [
                    ("company_id", "=", company.id),
                    ("key_account_id.state", "=", "active"),
                    ("share_pct", ">", 0),
                ],
                ["key_account_id"],
                ["share_pct:sum"],
            )
            if float_compare(total, 100.0, precision_digits=1)
        ]
        if wrong:
            raise UserError(
                self.env._(
                    "The commissions of a key account are split among its team "
                    "by their shares, which must add up to 100 %%: %(accounts)s.",
                    accounts=", ".join(
                        self.env._(
                            "%(account)s (%(total)s %%)",
                            account=account.display_name,
                            total=round(total, 1),
                        )
                        for account, total in wrong
                    ),
                )
            )

    @api.constrains("user_id")
    def _check_user_internal(self):
        for member in self:
            if member.user_id.share or not member.user_id.active:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot join a key-account team: only active "
                        "internal users can.",
                        user=member.user_id.name,
                    )
                )
