# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL, formatLang

OBJECTIVE_TYPES = [
    ("revenue", "Revenue"),
    ("margin", "Margin"),
    ("share_of_wallet", "Share of Wallet"),
    ("new_category", "New Product Categories"),
    ("on_time_delivery", "On-Time Delivery"),
    ("satisfaction", "Satisfaction (NPS)"),
    ("complaints", "Complaints"),
    ("custom", "Custom"),
]
# the fewer the better: progress is full while the actual stays at the target
LOWER_IS_BETTER = frozenset({"complaints"})
# actuals that count things, shown without decimals
COUNTED = frozenset({"new_category", "complaints"})


def objective_progress(actual, target, lower_is_better=False):
    """Progress towards a target, in percent, never below 0.

    The more the better: actual / target (above 100 when exceeded). The fewer
    the better: 100 while the actual stays at or under the target, then
    target / actual. Nothing measured, or no positive target to measure
    against where more is better: 0.
    """
    if actual is None:
        return 0.0
    if lower_is_better:
        if actual <= target:
            return 100.0
        return max(100.0 * target / actual, 0.0)
    if target <= 0:
        return 0.0
    return max(100.0 * actual / target, 0.0)


class CrmKeyAccountPlanObjective(models.Model):
    """An objective of the account plan, its target and its actual.

    The actual is measured live from the company's documents for every type
    but custom (entered by hand), by one ``_actual_<type>`` method per type
    that reads every objective of its type in one query:

    - revenue: untaxed invoiced revenue of the plan's calendar year to date,
      posted customer invoices minus credit notes (``amount_untaxed_signed``,
      company currency), by invoice date;
    - margin: margin of the sale orders confirmed (state sale) and dated in
      the plan year, converted to company currency at the order's rate;
    - new product categories: how many product categories the customer
      ordered (confirmed orders) in the plan year and not in the year before;
    - satisfaction: the customer's NPS over the company's current
      satisfaction window, when it has enough answers;
    - complaints: complaints from the customer received in the plan year;
    - share of wallet and on-time delivery: not measured yet.
    """

    _name = "crm.key.account.plan.objective"
    _description = "Key Account Plan Objective"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "crm.key.account.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    objective_type = fields.Selection(
        OBJECTIVE_TYPES, string="Type", required=True, default="revenue"
    )
    name = fields.Char(string="Objective", required=True)
    target = fields.Float(digits=(16, 2), aggregator=None)
    manual_actual = fields.Float(
        string="Actual (by hand)",
        digits=(16, 2),
        aggregator=None,
        help="The actual of a custom objective, entered by hand.",
    )
    actual = fields.Float(
        compute="_compute_actual",
        digits=(16, 2),
        aggregator=None,
        compute_sudo=True,
        help="Measured live from the documents of the plan's year; see the "
        "objective types in the documentation.",
    )
    is_measured = fields.Boolean(compute="_compute_actual", compute_sudo=True)
    actual_text = fields.Char(
        string="Actual Value", compute="_compute_actual", compute_sudo=True
    )
    progress_pct = fields.Float(
        string="Progress (%)",
        compute="_compute_actual",
        digits=(16, 1),
        aggregator=None,
        compute_sudo=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "objective_type",
        "target",
        "manual_actual",
        "plan_id.year",
        "plan_id.partner_id",
        "plan_id.company_id",
    )
    def _compute_actual(self):
        actuals = {}
        for objective_type, _label in OBJECTIVE_TYPES:
            objectives = self.filtered(
                lambda objective, t=objective_type: objective.objective_type == t
            )
            if objectives:
                actuals.update(getattr(objectives, f"_actual_{objective_type}")())
        not_measured = self.env._("not measured yet")
        for objective in self:
            actual = actuals.get(objective)
            objective.actual = actual or 0.0
            objective.is_measured = actual is not None
            objective.actual_text = (
                not_measured
                if actual is None
                else formatLang(
                    self.env,
                    actual,
                    digits=0 if objective.objective_type in COUNTED else 2,
                )
            )
            objective.progress_pct = objective_progress(
                actual,
                objective.target,
                objective.objective_type in LOWER_IS_BETTER,
            )

    # ------------------------------------------------------------------
    # Actuals, one method per type
    # ------------------------------------------------------------------

    def _plan_keys(self):
        """The customers, companies and years of these objectives' plans."""
        plans = self.plan_id
        return {
            "partners": plans.partner_id.ids,
            "companies": plans.company_id.ids,
            "years": list(set(plans.mapped("year"))),
        }

    def _by_plan_key(self, rows, default):
        """Map rows ``(partner, company, year, value)`` onto the objectives."""
        values = {(row[0], row[1], row[2]): row[3] for row in rows}
        return {
            objective: values.get(
                (
                    objective.plan_id.partner_id.id,
                    objective.plan_id.company_id.id,
                    objective.plan_id.year,
                ),
                default,
            )
            for objective in self
        }

    def _actual_revenue(self):
        self.env["account.move"].flush_model(
            [
                "commercial_partner_id",
                "company_id",
                "state",
                "move_type",
                "invoice_date",
                "amount_untaxed_signed",
            ]
        )
        keys = self._plan_keys()
        self.env.cr.execute(
            SQL(
                """
                SELECT commercial_partner_id, company_id,
                       EXTRACT(YEAR FROM invoice_date)::int,
                       SUM(amount_untaxed_signed)
                  FROM account_move
                 WHERE state = 'posted'
                   AND move_type IN ('out_invoice', 'out_refund')
                   AND commercial_partner_id = ANY(%(partners)s)
                   AND company_id = ANY(%(companies)s)
                   AND EXTRACT(YEAR FROM invoice_date)::int = ANY(%(years)s)
                   AND invoice_date <= %(today)s
                 GROUP BY 1, 2, 3
                """,
                today=fields.Date.context_today(self),
                **keys,
            )
        )
        return self._by_plan_key(self.env.cr.fetchall(), 0.0)

    def _actual_margin(self):
        self.env["sale.order"].flush_model(
            ["partner_id", "company_id", "state", "date_order", "margin"]
        )
        keys = self._plan_keys()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id, sale.company_id,
                       EXTRACT(YEAR FROM sale.date_order)::int,
                       SUM(sale.margin / NULLIF(sale.currency_rate, 0))
                  FROM sale_order sale
                  JOIN res_partner partner ON partner.id = sale.partner_id
                 WHERE sale.state = 'sale'
                   AND partner.commercial_partner_id = ANY(%(partners)s)
                   AND sale.company_id = ANY(%(companies)s)
                   AND EXTRACT(YEAR FROM sale.date_order)::int = ANY(%(years)s)
                 GROUP BY 1, 2, 3
                """,
                **keys,
            )
        )
        return self._by_plan_key(self.env.cr.fetchall(), 0.0)

    def _actual_new_category(self):
        self.env["sale.order.line"].flush_model(["order_id", "product_id"])
        self.env["sale.order"].flush_model(
            ["partner_id", "company_id", "state", "date_order"]
        )
        keys = self._plan_keys()
        years = keys.pop("years")
        self.env.cr.execute(
            SQL(
                """
                WITH bought AS (
                    SELECT DISTINCT partner.commercial_partner_id AS partner_id,
                           sale.company_id,
                           EXTRACT(YEAR FROM sale.date_order)::int AS year,
                           template.categ_id
                      FROM sale_order_line line
                      JOIN sale_order sale ON sale.id = line.order_id
                      JOIN res_partner partner ON partner.id = sale.partner_id
                      JOIN product_product product ON product.id = line.product_id
                      JOIN product_template template
                        ON template.id = product.product_tmpl_id
                     WHERE sale.state = 'sale'
                       AND partner.commercial_partner_id = ANY(%(partners)s)
                       AND sale.company_id = ANY(%(companies)s)
                       AND EXTRACT(YEAR FROM sale.date_order)::int
                           = ANY(%(years)s)
                )
                SELECT partner_id, company_id, year, COUNT(*)
                  FROM bought
                 WHERE year = ANY(%(plan_years)s)
                   AND NOT EXISTS (
                        SELECT 1
                          FROM bought before
                         WHERE before.partner_id = bought.partner_id
                           AND before.company_id = bought.company_id
                           AND before.categ_id = bought.categ_id
                           AND before.year = bought.year - 1)
                 GROUP BY 1, 2, 3
                """,
                years=years + [year - 1 for year in years],
                plan_years=years,
                **keys,
            )
        )
        return self._by_plan_key(self.env.cr.fetchall(), 0.0)

    def _actual_satisfaction(self):
        scores = (
            self.env["crm.satisfaction.score"]
            .sudo()
            .search(
                [
                    ("scope", "=", "customer"),
                    ("dimension", "=", "nps"),
                    ("enough", "=", True),
                    ("partner_id", "in", self.plan_id.partner_id.ids),
                    ("company_id", "in", self.plan_id.company_id.ids),
                ]
            )
        )
        by_customer = {
            (score.partner_id.id, score.company_id.id): score.score for score in scores
        }
        return {
            objective: by_customer.get(
                (objective.plan_id.partner_id.id, objective.plan_id.company_id.id)
            )
            for objective in self
        }

    def _actual_complaints(self):
        self.env["crm.claim"].flush_model(["crm_partner_id", "company_id", "date"])
        keys = self._plan_keys()
        self.env.cr.execute(
            SQL(
                """
                SELECT crm_partner_id, company_id, EXTRACT(YEAR FROM date)::int,
                       COUNT(*)
                  FROM crm_claim
                 WHERE crm_partner_id = ANY(%(partners)s)
                   AND company_id = ANY(%(companies)s)
                   AND EXTRACT(YEAR FROM date)::int = ANY(%(years)s)
                 GROUP BY 1, 2, 3
                """,
                **keys,
            )
        )
        return self._by_plan_key(self.env.cr.fetchall(), 0.0)

    def _actual_share_of_wallet(self):
        """The key account's share of wallet as last recomputed, for the plans
        of the current year only (no history of it is kept)."""
        year = fields.Date.context_today(self).year
        current = self.filtered(lambda objective: objective.plan_id.year == year)
        shares = {
            row.key_account_id: row.share_pct
            for row in self.env["crm.key.account.share.of.wallet"]
            .sudo()
            .search(
                [
                    ("key_account_id", "in", current.plan_id.key_account_id.ids),
                    ("spend", ">", 0),
                ]
            )
        }
        return {
            objective: shares.get(objective.plan_id.key_account_id)
            if objective in current
            else None
            for objective in self
        }

    def _actual_on_time_delivery(self):
        """Share of the deliveries done on time in the plan's year, from the
        key account's monthly service levels; none measured without a
        delivery."""
        keys = self._plan_keys()
        self.env["crm.key.account.service.level"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT account.partner_id, account.company_id,
                       EXTRACT(YEAR FROM level.month)::int,
                       100.0 * SUM(level.on_time_count)
                           / NULLIF(SUM(level.delivery_count), 0)
                  FROM crm_key_account_service_level level
                  JOIN crm_key_account account ON account.id = level.key_account_id
                 WHERE account.partner_id = ANY(%(partners)s)
                   AND account.company_id = ANY(%(companies)s)
                   AND EXTRACT(YEAR FROM level.month)::int = ANY(%(years)s)
                 GROUP BY 1, 2, 3
                """,
                **keys,
            )
        )
        return self._by_plan_key(self.env.cr.fetchall(), None)

    def _actual_custom(self):
        return {objective: objective.manual_actual for objective in self}
