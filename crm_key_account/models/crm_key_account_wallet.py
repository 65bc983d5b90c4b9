# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


def _current_year(record):
    return fields.Date.context_today(record).year


class CrmKeyAccountWallet(models.Model):
    """A key account's annual spend in our categories, as the KAM learnt it.

    The latest entry of the current year is the spend its share of wallet is
    worked out from; without one, the spend is estimated from similar
    customers and labelled so.
    """

    _name = "crm.key.account.wallet"
    _description = "Key Account Spend Entry"
    _order = "key_account_id, year desc, date desc, id desc"
    _rec_name = "key_account_id"
    _check_company_auto = True

    key_account_id = fields.Many2one(
        "crm.key.account",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="key_account_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, default=_current_year)
    spend = fields.Monetary(
        string="Annual Spend",
        required=True,
        help="What the customer buys in a year, from everyone, in the product "
        "categories we sell.",
    )
    source = fields.Char(
        required=True,
        help="Where the figure comes from: the customer's purchasing director, "
        "its annual report, a trade association...",
    )
    date = fields.Date(string="Entered On", required=True, default=fields.Date.today)
    entered_by_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )

    _spend_positive = models.Constraint(
        "CHECK(spend > 0)", "A customer's annual spend must be positive."
    )
    _year_plausible = models.Constraint(
        "CHECK(year BETWEEN 2000 AND 2100)", "Enter the year as four digits."
    )
