# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints of the benchmark database, generated after the deliveries.

A step of ``bench.data``: it runs in the same session, after the customers,
orders and deliveries, and reads their temporary tables (``bench_customer``,
``bench_product``) and helpers (``pg_temp.bench_rand``). Its parameters are
``sql_params``'s plus :func:`complaint_params`'s::

    params.update(complaint_params())
    steps += ((f"{COMPLAINTS:,} complaints", SQL_COMPLAINTS),)

It first gives every generated customer the ownership period the addon
keeps (none is generated with them), from before its first document to now,
with its salesperson; then 100 000 complaints drawn with the Pareto skew of
the orders, on working days between 8:00 and 17:00 of each customer's active
window. Severity, category and class at receipt are drawn (the class from
the customer's size: the top 10 % A, the next 20 % B); the targets come from
the company's complaint targets; about one in six first answers and one in
five resolutions is late. Elapsed working hours are drawn, and the moments
of the answer and the resolution placed after them on a Monday-to-Friday,
8-hour day; what would lie after now is not done yet. Every column the
complaints' record rule and figures read is filled: the customer, its
salesperson, the salesperson at receipt, the met flags and the state.
"""

COMPLAINTS = 100_000

# drawn shares: severity (low, medium, high, critical) and category
SEVERITY_SHARES = (0.3, 0.4, 0.2, 0.1)
CATEGORY_SHARES = {
    "quality": 0.35,
    "delivery": 0.25,
    "documentation": 0.1,
    "service": 0.1,
    "billing": 0.1,
    "other": 0.1,
}


def _cumulative(shares):
    total, bounds = 0.0, []
    for share in shares:
        total += share
        bounds.append(round(total, 6))
    return bounds


def complaint_params():
    """The parameters of :data:`SQL_COMPLAINTS` that ``sql_params`` lacks."""
    return {
        "complaints": COMPLAINTS,
        "severity_bounds": _cumulative(SEVERITY_SHARES),
        "category_codes": [f"crm_claim_category_{code}" for code in CATEGORY_SHARES],
        "category_bounds": _cumulative(CATEGORY_SHARES.values()),
    }


SQL_COMPLAINTS = """
-- pg_temp.bench_after(moment, hours): ``hours`` working hours after a moment
-- of a working day, on 8-hour days from Monday to Friday
CREATE FUNCTION pg_temp.bench_after(moment timestamp, hours float8)
    RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT moment
                 + interval '7 days' * floor(hours / 40)
                 + interval '1 day' * floor(mod(hours::numeric, 40) / 8)
                 + CASE WHEN extract(isodow FROM moment)
                             + floor(mod(hours::numeric, 40) / 8) > 5
                        THEN interval '2 days' ELSE interval '0' END
                 + interval '1 hour' * mod(hours::numeric, 8) $$;

INSERT INTO crm_customer_ownership (
    partner_id, user_id, date_from, company_id,
    create_uid, write_uid, create_date, write_date)
SELECT c.partner_id, c.user_id, current_date - c.start_ago - 1, rp.company_id,
       1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
  FROM bench_customer c
  JOIN res_partner rp ON rp.id = c.partner_id
 WHERE NOT EXISTS (SELECT 1 FROM crm_customer_ownership o
                    WHERE o.partner_id = c.partner_id);

CREATE TEMP TABLE bench_complaint AS
WITH drawn AS (
    SELECT n,
           1 + floor(%(customers)s
                     * power(pg_temp.bench_rand(n, 81), 2.0))::int AS idx,
           pg_temp.bench_rand(n, 82) AS r_severity,
           pg_temp.bench_rand(n, 83) AS r_day,
           pg_temp.bench_rand(n, 84) AS r_minute,
           pg_temp.bench_rand(n, 85) AS r_response,
           pg_temp.bench_rand(n, 86) AS r_resolution,
           pg_temp.bench_rand(n, 87) AS r_category,
           1 + floor(pg_temp.bench_rand(n, 88) * %(product_count)s)::int AS pidx
      FROM generate_series(1, %(complaints)s) n
), received AS (
    SELECT d.*, c.partner_id, c.user_id,
           CASE WHEN d.idx <= %(customers)s * 0.1 THEN 'a'
                WHEN d.idx <= %(customers)s * 0.3 THEN 'b'
                ELSE 'c' END AS abc_class,
           CASE WHEN d.r_severity < (%(severity_bounds)s::float8[])[1] THEN 'low'
                WHEN d.r_severity < (%(severity_bounds)s::float8[])[2] THEN 'medium'
                WHEN d.r_severity < (%(severity_bounds)s::float8[])[3] THEN 'high'
                ELSE 'critical' END AS severity,
           (SELECT min(i) FROM generate_subscripts(%(category_bounds)s::float8[], 1) i
             WHERE d.r_category < (%(category_bounds)s::float8[])[i]) AS category,
           day.day + time '08:00'
               + interval '1 minute' * floor(d.r_minute * 540) AS date
      FROM drawn d
      JOIN bench_customer c USING (idx),
           LATERAL (SELECT current_date - (c.end_ago + floor(d.r_day
                           * (c.start_ago - c.end_ago + 1))::int) AS drawn_day) dd,
           LATERAL (SELECT dd.drawn_day
                           - CASE extract(isodow FROM dd.drawn_day)
                                  WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END
                           AS day) day
), measured AS (
    SELECT r.*, sla.response_hours AS response_target,
           sla.resolution_hours AS resolution_target,
           round((sla.response_hours
                  * (0.1 + 1.2 * power(r.r_response, 1.5)))::numeric, 2)::float8
               AS response_hours
      FROM received r
      JOIN crm_claim_sla sla
        ON sla.company_id = %(company_id)s
       AND sla.severity = r.severity
       AND sla.abc_class = r.abc_class
), dated AS (
    SELECT m.*,
           greatest(m.response_hours,
                    round((m.resolution_target
                           * (0.2 + 1.1 * power(m.r_resolution, 1.3)))::numeric,
                          2)::float8) AS resolution_hours,
           pg_temp.bench_after(m.date, m.response_hours) AS answered_at,
           pg_temp.bench_after(m.date, m.response_target) AS response_deadline,
           pg_temp.bench_after(m.date, m.resolution_target) AS resolution_deadline,
           -- working hours until now, about 40 in a week of 168
           extract(epoch FROM (now() at time zone 'UTC') - m.date) / 3600
               * 40 / 168 AS elapsed
      FROM measured m
), done AS (
    SELECT dt.*,
           pg_temp.bench_after(dt.date, dt.resolution_hours) AS resolved_at,
           dt.answered_at <= now() at time zone 'UTC' AS answered,
           pg_temp.bench_after(dt.date, dt.resolution_hours)
               <= now() at time zone 'UTC' AS resolved
      FROM dated dt
)
SELECT done.*,
       CASE WHEN answered THEN response_hours <= response_target
            ELSE elapsed <= response_target END AS response_met,
       CASE WHEN resolved THEN resolution_hours <= resolution_target
            ELSE elapsed <= resolution_target END AS resolution_met
  FROM done;

INSERT INTO crm_claim (
    name, active, priority, date, severity, company_id, team_id, user_id,
    partner_id, crm_partner_id, crm_customer_user_id, salesperson_id,
    stage_id, categ_id, product_id, abc_class_at_receipt,
    response_target_hours, resolution_target_hours,
    date_first_response, date_resolved, response_hours, resolution_hours,
    response_deadline, resolution_deadline, response_met, resolution_met,
    sla_state, create_uid, write_uid, create_date, write_date)
SELECT 'Complaint ' || lpad(bc.n::text, 6, '0') || ': ' || p.name,
       true, '1', bc.date, bc.severity, %(company_id)s, %(team_id)s, bc.user_id,
       bc.partner_id, bc.partner_id, bc.user_id, bc.user_id,
       stage.res_id, category.res_id, p.product_id, bc.abc_class,
       bc.response_target, bc.resolution_target,
       CASE WHEN bc.answered THEN bc.answered_at END,
       CASE WHEN bc.resolved THEN bc.resolved_at END,
       CASE WHEN bc.answered THEN bc.response_hours ELSE 0 END,
       CASE WHEN bc.resolved THEN bc.resolution_hours ELSE 0 END,
       bc.response_deadline, bc.resolution_deadline,
       bc.response_met, bc.resolution_met,
       CASE WHEN NOT (bc.response_met AND bc.resolution_met) THEN 'breached'
            WHEN bc.resolved THEN 'met'
            WHEN (NOT bc.answered AND bc.elapsed >= 0.8 * bc.response_target)
                 OR bc.elapsed >= 0.8 * bc.resolution_target THEN 'near'
            ELSE 'on_track' END,
       1, 1, bc.date, coalesce(bc.resolved_at, bc.date)
  FROM bench_complaint bc
  JOIN bench_product p ON p.idx = bc.pidx
  JOIN ir_model_data stage
    ON stage.module = 'crm_claim'
   AND stage.name = CASE WHEN bc.resolved AND pg_temp.bench_rand(bc.n, 89) < 0.92
                              THEN 'stage_claim2'
                         WHEN bc.resolved THEN 'stage_claim3'
                         WHEN bc.answered THEN 'stage_claim5'
                         ELSE 'stage_claim1' END
  JOIN ir_model_data category
    ON category.module = 'crm_industrial'
   AND category.name = (%(category_codes)s::varchar[])[bc.category];
"""
