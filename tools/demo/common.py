# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the demo's steps share: names of people, dates written into
documents that Odoo dates on their creation, a run's failures, and the
soured customers' deliveries."""

from odoo.tools import SQL

from .history import SOURED_NOTE
from .names import GIVEN_NAMES, SURNAMES


def person_name(rng):
    """A Chinese name and its pinyin login (given.surname)."""
    surname = rng.choice(SURNAMES)
    given = rng.choice(GIVEN_NAMES)
    return surname[0] + given[0], f"{given[1]}.{surname[1]}"


def succeeded(result):
    """Stop the demo at a company's failure (the run logs and reports it)."""
    if result.failures:
        raise RuntimeError("; ".join(result.failures.values()))


def sql_update_dates(env, table, column, values):
    """UPDATE table SET column = v WHERE id = k for every (k, v) of values."""
    if not values:
        return
    env.cr.execute(
        SQL(
            "UPDATE %(table)s AS t SET %(column)s = v.value "
            "FROM unnest(%(ids)s::int[], %(values)s::timestamp[]) AS v(id, value) "
            "WHERE t.id = v.id",
            table=SQL.identifier(table),
            column=SQL.identifier(column),
            ids=list(values),
            values=list(values.values()),
        )
    )


def sql_date_moves_as_pickings(env, picking_ids, columns):
    """Give the moves of the pickings the dates of their picking: ``columns``
    maps a column of stock_move to one of stock_picking."""
    assignments = SQL(", ").join(
        SQL("%s = picking.%s", SQL.identifier(move), SQL.identifier(picking))
        for move, picking in columns.items()
    )
    env.cr.execute(
        SQL(
            "UPDATE stock_move AS move SET %(assignments)s FROM stock_picking picking "
            "WHERE move.picking_id = picking.id AND picking.id = ANY(%(ids)s)",
            assignments=assignments,
            ids=list(picking_ids),
        )
    )


def soured_deliveries(env, company):
    """The soured customers' late deliveries of their last months
    (``history``: they say why they came late), oldest first."""
    return env["stock.picking"].search(
        [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
            ("note", "ilike", SOURED_NOTE),
        ],
        order="date_done, id",
    )


def soured_story_customer(deliveries):
    """Of the soured customers' late ``deliveries``, the story's customer:
    the one still buying, whose last delivery is the latest."""
    return deliveries[-1:].partner_id.commercial_partner_id
