# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.crm_customer_profile import ABC_CLASSES

# internal users of the current company: the first of the web client's
# allowed companies, as ``self.env.company`` on the server
INTERNAL_USERS_OF_COMPANY = (
    "[('share', '=', False), ('company_ids', '=', allowed_company_ids[0])]"
)


def spread_by_revenue(revenues, target_ids):
    """Share customers among salespeople so that their revenues come out even.

    Greedy: customers by revenue, highest first (ties by customer id), each to
    the salesperson with the lowest total so far; ties go to the one with the
    fewest customers so far, then to the lowest user id, so that customers
    without revenue are dealt out in turn rather than piled on one person.

    :param revenues: ``(customer_id, revenue)`` pairs
    :param target_ids: ids of the salespeople taking the customers
    :return: ``{customer_id: target_id}``
    """
    totals = dict.fromkeys(target_ids, 0.0)
    counts = dict.fromkeys(target_ids, 0)
    assignment = {}
    for customer_id, revenue in sorted(revenues, key=lambda item: (-item[1], item[0])):
        target_id = min(
            totals, key=lambda user_id: (totals[user_id], counts[user_id], user_id)
        )
        assignment[customer_id] = target_id
        totals[target_id] += revenue
        counts[target_id] += 1
    return assignment


class CrmPortfolioReassign(models.TransientModel):
    """A sales manager moves a salesperson's customers to other salespeople.

    The customers go with their open opportunities, open quotations and open
    activities, in one transaction; each move is logged on the customer's
    chatter and in its ownership history.
    """

    _name = "crm.portfolio.reassign"
    _description = "Reassign a Salesperson's Portfolio"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    source_user_id = fields.Many2one(
        "res.users",
        string="From Salesperson",
        required=True,
        domain=INTERNAL_USERS_OF_COMPANY,
        context={"active_test": False},
    )
    abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        help="Only the customers of this class in the current company; all "
        "classes when empty.",
    )
    industry_ids = fields.Many2many(
        "res.partner.industry",
        string="Industries",
        help="Only the customers of these industries; all when empty.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers to Move",
        compute="_compute_partner_ids",
    )
    mode = fields.Selection(
        [
            ("one", "All to one salesperson"),
            ("spread", "Spread evenly by revenue"),
        ],
        required=True,
        default="one",
        help="Spread: customers by revenue of the last 12 months, highest first, "
        "each to the salesperson with the lowest total so far.",
    )
    target_user_id = fields.Many2one(
        "res.users",
        string="To Salesperson",
        domain=INTERNAL_USERS_OF_COMPANY,
    )
    target_user_ids = fields.Many2many(
        "res.users",
        string="To Salespeople",
        domain=INTERNAL_USERS_OF_COMPANY,
    )
    archive_source_user = fields.Boolean(
        string="Archive the Salesperson Afterwards", readonly=True
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("source_user_id", "abc_class", "industry_ids")
    def _compute_partner_ids(self):
        for wizard in self:
            wizard.partner_ids = wizard._customers_to_move()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_apply(self):
        self.ensure_one()
        self._check_sales_manager()
        customers = self._customers_to_move()
        targets = self._targets()
        self._check_move(customers, targets)
        self._move(self._assign(customers, targets))
        if self.archive_source_user:
            self.source_user_id.with_context(
                crm_industrial_portfolio_moved=True
            ).action_archive()
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _action_open_for_archive(self, salesperson, customers):
        """The reassignment of ``salesperson``'s customers, then the archive."""
        self._check_sales_manager()
        wizard = self.create(
            {"source_user_id": salesperson.id, "archive_source_user": True}
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(salesperson)s still owns %(count)s customers",
                salesperson=salesperson.name,
                count=len(customers),
            ),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_sales_manager(self):
        self.env["crm.customer.profile"]._check_sales_manager(
            self.env._("Only sales managers can reassign a portfolio.")
        )

    def _customers_to_move(self):
        self.ensure_one()
        if not self.source_user_id:
            return self.env["res.partner"]
        customers = self.env["res.partner"]._customers_of(self.source_user_id)
        if self.industry_ids:
            customers = customers.filtered(
                lambda partner: partner.industry_id in self.industry_ids
            )
        if self.abc_class:
            customers = customers.filtered(
                lambda partner: (
                    partner.customer_abc_class == self.abc_class
                    or (self.abc_class == "none" and not partner.customer_abc_class)
                )
            )
        return customers

    def _targets(self):
        if self.mode == "one":
            return self.target_user_id
        return self.target_user_ids

    def _check_move(self, customers, targets):
        if not customers:
            raise UserError(
                self.env._(
                    "Nothing to move: %(salesperson)s owns no customer that "
                    "matches the filters.",
                    salesperson=self.source_user_id.name,
                )
            )
        if not targets:
            raise UserError(
                self.env._("Choose the salespeople who take the customers.")
            )
        if self.source_user_id in targets:
            raise UserError(
                self.env._(
                    "The customers must go to other salespeople than %(salesperson)s.",
                    salesperson=self.source_user_id.name,
                )
            )
        archived = targets.filtered(lambda user: not user.active)
        if archived:
            raise UserError(
                self.env._(
                    "Archived salespeople cannot take customers: %(salespeople)s.",
                    salespeople=", ".join(archived.mapped("name")),
                )
            )
        external = targets.filtered("share")
        if external:
            raise UserError(
                self.env._(
                    "Portal and public users cannot take customers: %(salespeople)s.",
                    salespeople=", ".join(external.mapped("name")),
                )
            )
        outsiders = targets.filtered(
            lambda user: self.env.company not in user.company_ids
        )
        if outsiders:
            raise UserError(
                self.env._(
                    "These salespeople have no access to %(company)s and cannot "
                    "take its customers: %(salespeople)s.",
                    company=self.env.company.name,
                    salespeople=", ".join(outsiders.mapped("name")),
                )
            )

    def _assign(self, customers, targets):
        """``{customer: salesperson}`` for the chosen mode."""
        if self.mode == "one":
            return dict.fromkeys(customers, targets)
        profiles = self.env["crm.customer.profile"].search(
            [
                ("partner_id", "in", customers.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        revenue = {profile.partner_id.id: profile.revenue_12m for profile in profiles}
        assignment = spread_by_revenue(
            [(customer.id, revenue.get(customer.id, 0.0)) for customer in customers],
            targets.ids,
        )
        users = self.env["res.users"]
        return {
            customer: users.browse(assignment[customer.id]) for customer in customers
        }

    def _move(self, owner_of):
        """Move customers, contacts, open deals and activities; log each move."""
        source = self.source_user_id
        customers = self.env["res.partner"].union(*owner_of)
        contacts = self.env["res.partner"].search(
            [
                ("commercial_partner_id", "in", customers.ids),
                ("id", "not in", customers.ids),
                ("user_id", "=", source.id),
            ]
        )
        leads = self.env["crm.lead"].search(
            [
                ("user_id", "=", source.id),
                ("partner_id.commercial_partner_id", "in", customers.ids),
                ("won_status", "=", "pending"),
            ]
        )
        orders = self.env["sale.order"].search(
            [
                ("user_id", "=", source.id),
                ("partner_id.commercial_partner_id", "in", customers.ids),
                ("state", "in", ("draft", "sent")),
            ]
        )
        # the follow-ups of the customers' detractor answers go to the new
        # owner too (their retention work is on the customers)
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .search([("crm_partner_id", "in", customers.ids)])
        )
        activities = self._open_activities(customers | contacts, leads, orders, answers)

        customer_of = {
            ("res.partner", partner.id): partner.commercial_partner_id
            for partner in customers | contacts
        }
        customer_of.update(
            {
                ("crm.lead", lead.id): lead.partner_id.commercial_partner_id
                for lead in leads
            }
        )
        customer_of.update(
            {
                ("sale.order", order.id): order.partner_id.commercial_partner_id
                for order in orders
            }
        )
        customer_of.update(
            {
                ("survey.user_input", answer.id): answer.crm_partner_id
                for answer in answers
            }
        )

        moved = defaultdict(lambda: defaultdict(list))
        for partner in contacts:
            moved[partner.commercial_partner_id]["res.partner"].append(partner.id)
        for lead in leads:
            moved[customer_of["crm.lead", lead.id]]["crm.lead"].append(lead.id)
        for order in orders:
            moved[customer_of["sale.order", order.id]]["sale.order"].append(order.id)
        for activity in activities:
            customer = customer_of[activity.res_model, activity.res_id]
            moved[customer]["mail.activity"].append(activity.id)

        by_target = defaultdict(lambda: self.env["res.partner"])
        for customer, target in owner_of.items():
            by_target[target] |= customer
        for target, target_customers in by_target.items():
            target_customers.write({"user_id": target.id})
            for model in ("res.partner", "crm.lead", "sale.order"):
                ids = [
                    record_id
                    for customer in target_customers
                    for record_id in moved[customer][model]
                ]
                records = self.env[model].browse(ids)
                if model == "res.partner":
                    # a contact with a portal login is a user's partner:
                    # its salesperson is the customer's, whatever a sales
                    # manager may write on users
                    records = records.sudo()
                records.write({"user_id": target.id})
            activity_ids = [
                record_id
                for customer in target_customers
                for record_id in moved[customer]["mail.activity"]
            ]
            activities.browse(activity_ids).write({"user_id": target.id})

        for customer, target in owner_of.items():
            customer.message_post(
                body=self.env._(
                    "Portfolio reassigned from %(previous)s to %(target)s, with "
                    "%(opportunities)s open opportunities, %(quotations)s open "
                    "quotations and %(activities)s open activities.",
                    previous=source.name,
                    target=target.name,
                    opportunities=len(moved[customer]["crm.lead"]),
                    quotations=len(moved[customer]["sale.order"]),
                    activities=len(moved[customer]["mail.activity"]),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _open_activities(self, *records_lists):
        """The source salesperson's activities on these records (partners,
        deals, answers)."""
        domain = Domain.OR(
            Domain("res_model", "=", records._name)
            & Domain("res_id", "in", records.ids)
            for records in records_lists
        )
        return (
            self.env["mail.activity"]
            .sudo()
            .search(Domain("user_id", "=", self.source_user_id.id) & domain)
        )
