# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
        help="The member's share of the account's results, used to split "
        "commissions among the team; empty if the member takes no share.",
    )

    _user_unique = models.Constraint(
        "UNIQUE(key_account_id, user_id)",
        "A user is on a key account's team once.",
    )
    _share_bounds = models.Constraint(
        "CHECK(share_pct IS NULL OR (share_pct >= 0 AND share_pct <= 100))",
        "A member's share lies between 0 % and 100 %.",
    )

    @api.constrains("share_pct", "key_account_id")
    def _check_share_total(self):
        for account in self.key_account_id:
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
