# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The key accounts of the benchmark database, chosen among the customers.

A step of ``bench.data``: it runs in the same session, after the customers,
orders, deliveries and complaints, and reads the temporary table
``bench_customer`` and the helper ``pg_temp.bench_rand``. Its parameters are
``sql_params``'s plus :func:`key_account_params`'s::

    params.update(key_account_params())
    steps += ((f"{KEY_ACCOUNTS:,} key accounts", SQL_KEY_ACCOUNTS),)

The ``KEY_ACCOUNTS`` largest customers (the generated customers are sized by
a Pareto law decreasing with their index, so the first ones; they also have
the most orders, deliveries and complaints) become active key accounts of
the company, managed by their salesperson, who proposed them, approved by
the superuser (a Key Account Director) and active since a drawn day of the
last two years, with the addon's default targets. Every column the key
accounts' record rules and the service levels read is filled: the company,
the state, the manager (the rules' team), the proposer, the salesperson,
the targets and the visit interval; no team members and no sponsor are
generated. Ids come from the table's sequence.
"""

KEY_ACCOUNTS = 2_000

# the addon's defaults: on-time delivery and complaint service targets (%)
ON_TIME_TARGET_PCT = 98
COMPLAINT_TARGET_PCT = 95
# the addon's default: an executive visit every 90 days
VISIT_INTERVAL_DAYS = 90


def key_account_params():
    """The parameters of :data:`SQL_KEY_ACCOUNTS` that ``sql_params`` lacks."""
    return {
        "key_accounts": KEY_ACCOUNTS,
        "on_time_target_pct": ON_TIME_TARGET_PCT,
        "complaint_target_pct": COMPLAINT_TARGET_PCT,
        "visit_interval_days": VISIT_INTERVAL_DAYS,
    }


SQL_KEY_ACCOUNTS = """
INSERT INTO crm_key_account (
    partner_id, company_id, name, state, state_sequence, salesperson_id,
    manager_id, proposed_by_id, proposed_date, approved_by_id, approved_date,
    active_date, proposal_reason_text, on_time_target_pct, complaint_target_pct,
    visit_interval_days, create_uid, write_uid, create_date, write_date)
SELECT c.partner_id, %(company_id)s, partner.name, 'active', -1, partner.user_id,
       c.user_id, c.user_id, d.active_date - 14, 1, d.active_date - 7,
       d.active_date, 'One of our largest customers',
       %(on_time_target_pct)s, %(complaint_target_pct)s,
       %(visit_interval_days)s, 1, 1, d.active_date - 14, d.active_date
  FROM bench_customer c
  JOIN res_partner partner ON partner.id = c.partner_id
 CROSS JOIN LATERAL (
       SELECT (now() AT TIME ZONE 'UTC')::date
              - floor(pg_temp.bench_rand(c.idx, 91) * 730)::int AS active_date) d
 WHERE c.idx <= %(key_accounts)s;
"""
