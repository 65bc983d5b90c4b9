# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCommissionRule(models.Model):
    """A commission rate for the invoice lines that meet its conditions.

    A plan's rules are tried in order and the first that matches a line
    gives its rate; an empty condition matches every line. The conditions
    read the customer (its commercial entity) as it is when the period is
    computed: its ABC class, whether it is an active key account, and
    whether it is new, that is whether its first posted invoice is at most
    the plan's number of months before the line. A product category
    matches its sub-categories too.
    """

    _name = "crm.commission.rule"
    _inherit = ["crm.commission.plan.input"]
    _description = "Commission Rate Rule"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "crm.commission.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    customer_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C"), ("none", "No sales")],
        help="The customer's ABC class; empty: any class.",
    )
    customer_type = fields.Selection(
        [("new", "New Customer"), ("existing", "Existing Customer")],
        help="Empty: new and existing customers alike.",
    )
    key_account = fields.Selection(
        [("key", "Key Account"), ("other", "Not a Key Account")],
        help="Whether the customer is an active key account; empty: either.",
    )
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        help="The products of this category and its sub-categories; empty: any.",
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 2), required=True)

    @api.constrains("rate")
    def _check_rate(self):
        for rule in self:
            if rule.rate < 0:
                raise ValidationError(
                    self.env._(
                        "A rate rule of %(plan)s cannot have a negative rate "
                        "(%(rate)s %%).",
                        plan=rule.plan_id.name,
                        rate=rule.rate,
                    )
                )

    @api.depends(
        "customer_class", "customer_type", "key_account", "product_categ_id", "rate"
    )
    def _compute_display_name(self):
        selections = {
            name: dict(self._fields[name]._description_selection(self.env))
            for name in ("customer_class", "customer_type", "key_account")
        }
        for rule in self:
            conditions = [
                selections[name][rule[name]]
                for name in ("customer_class", "customer_type", "key_account")
                if rule[name]
            ]
            if rule.product_categ_id:
                conditions.append(rule.product_categ_id.display_name)
            rule.display_name = self.env._(
                "%(conditions)s: %(rate)s %%",
                conditions=", ".join(conditions) or self.env._("Any line"),
                rate=rule.rate,
            )
