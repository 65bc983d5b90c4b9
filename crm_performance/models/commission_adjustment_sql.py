# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The adjustments of locked periods in the commission lines' statement
(``crm.commission.line._lines_query``): the lines a locked period would have
if computed today (its preview), and this period's lines adjusting it by
the difference."""

from odoo.tools import SQL

from odoo.addons.crm_industrial.models.crm_company_recompute import column_list

# The lines a locked period would have if computed today, compared with
# those it has; dropped at the end of the transaction.
PREVIEW_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS crm_commission_line_preview (
    period_id integer, move_line_id integer, partial_id integer,
    user_id integer, kind varchar, plan_id integer, move_id integer,
    partner_id integer, date date, product_categ_id integer,
    customer_class varchar, is_new_customer boolean, is_key_account boolean,
    share_pct numeric, base_amount numeric, rate numeric, rule_id integer,
    amount numeric, is_satisfaction_gated boolean, landed_cost_id integer
) ON COMMIT DROP;
TRUNCATE crm_commission_line_preview;
"""


def preview_sql(period):
    """The end of ``crm.commission.line._lines_query`` that writes the
    lines of the statement's ``new`` into the preview table."""
    return SQL(
        """
INSERT INTO crm_commission_line_preview (
    period_id, move_line_id, partial_id, user_id, kind, plan_id, move_id,
    partner_id, date, product_categ_id, customer_class, is_new_customer,
    is_key_account, share_pct, base_amount, rate, rule_id, amount,
    is_satisfaction_gated, landed_cost_id)
SELECT %(period)s, new.move_line_id, new.partial_id, new.user_id, new.kind,
       new.plan_id, new.move_id, new.partner_id, new.date,
       new.product_categ_id, new.customer_class, new.is_new_customer,
       new.is_key_account, new.share_pct, new.base_amount, new.rate,
       new.rule_id, new.amount, new.is_satisfaction_gated, new.landed_cost_id
  FROM new
            """,
        period=period.id,
    )


def adjustment_sql(period, locked, columns, in_scope):
    """The branch of ``crm.commission.line._lines_query``'s ``line_value``
    that adjusts the ``locked`` periods, from their preview: an adjustment
    line copies ``columns`` of the lines it adjusts, besides the amounts;
    of the lines ``line`` that ``in_scope`` (SQL) keeps, as the preview."""
    return SQL(
        """
     UNION ALL
    SELECT adjustment.move_line_id, adjustment.partial_id, adjustment.user_id,
           'adjustment', adjustment.plan_id, adjustment.move_id,
           adjustment.partner_id, adjustment.date, adjustment.product_categ_id,
           adjustment.customer_class, adjustment.is_new_customer,
           adjustment.is_key_account, adjustment.share_pct,
           adjustment.base_amount, adjustment.rate, adjustment.rule_id,
           adjustment.move_id, adjustment.line_id,
           adjustment.is_satisfaction_gated, adjustment.amount,
           adjustment.origin_period_id, NULL::numeric, NULL::varchar,
           -- a landed cost the locked period did not know is the cause
           CASE WHEN adjustment.landed_cost_today
                     IS DISTINCT FROM adjustment.landed_cost_then
                THEN adjustment.landed_cost_today
           END,
           NULL::numeric
      FROM (
          SELECT movement.origin_period_id, movement.move_line_id,
                 movement.partial_id, movement.user_id,
                 MIN(movement.plan_id) AS plan_id,
                 MIN(movement.move_id) AS move_id,
                 MIN(movement.partner_id) AS partner_id,
                 MIN(movement.date) AS date,
                 MIN(movement.product_categ_id) AS product_categ_id,
                 MIN(movement.customer_class) AS customer_class,
                 BOOL_OR(movement.is_new_customer) AS is_new_customer,
                 BOOL_OR(movement.is_key_account) AS is_key_account,
                 MAX(movement.share_pct) AS share_pct,
                 MAX(movement.rate) AS rate,
                 MIN(movement.rule_id) AS rule_id,
                 BOOL_OR(movement.is_satisfaction_gated)
                     AS is_satisfaction_gated,
                 SUM(movement.base_amount) AS base_amount,
                 SUM(movement.amount) AS amount,
                 MIN(movement.line_id) AS line_id,
                 MAX(movement.landed_cost_today) AS landed_cost_today,
                 MAX(movement.landed_cost_then) AS landed_cost_then
            FROM (
                -- what the locked periods would earn today
                SELECT preview.period_id AS origin_period_id, %(preview)s,
                       preview.base_amount, preview.amount,
                       NULL::integer AS line_id,
                       preview.landed_cost_id AS landed_cost_today,
                       NULL::integer AS landed_cost_then
                  FROM crm_commission_line_preview preview
                 WHERE preview.period_id IN %(locked)s
                 UNION ALL
                -- less what they earned
                SELECT line.period_id, %(line)s, -line.base_amount,
                       -line.amount, line.id, NULL, line.landed_cost_id
                  FROM crm_commission_line line
                 WHERE line.period_id IN %(locked)s
                   AND line.kind != 'adjustment'
                   AND %(in_scope)s
                 UNION ALL
                -- less what other periods adjusted already
                SELECT line.origin_period_id, %(line)s, -line.base_amount,
                       -line.amount, NULL, NULL, line.landed_cost_id
                  FROM crm_commission_line line
                  JOIN crm_commission_period period
                    ON period.id = line.period_id
                 WHERE line.kind = 'adjustment'
                   AND line.origin_period_id IN %(locked)s
                   AND line.period_id != %(period)s
                   AND period.state != 'cancel'
                   AND %(in_scope)s
            ) movement
           GROUP BY movement.origin_period_id, movement.move_line_id,
                    movement.partial_id, movement.user_id
          HAVING SUM(movement.amount) != 0 OR SUM(movement.base_amount) != 0
      ) adjustment
            """,
        preview=column_list(columns, "preview"),
        line=column_list(columns, "line"),
        locked=tuple(locked.ids),
        period=period.id,
        in_scope=in_scope,
    )
