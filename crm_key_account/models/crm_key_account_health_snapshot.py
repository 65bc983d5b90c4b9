# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_key_account_health import BANDS


class CrmKeyAccountHealthSnapshot(models.Model):
    """A key account's health score of one month, for its trend.

    Append-only history: the current month's row follows each run (so the
    latest row is the current score and band), earlier months stay as they
    were. Nobody writes or deletes rows; the recompute upserts them.
    """

    _name = "crm.key.account.health.snapshot"
    _inherit = ["crm.computed.rows"]
    _description = "Key Account Health Snapshot"
    _computed_key = ("key_account_id", "month")
    _computed_columns = ("score", "band", "coverage_pct")
    _computed_insert_columns = ("company_id",)
    # a month's snapshot of an account no longer active stays in its history
    _computed_keep_gone = True
    _order = "key_account_id, month desc"
    _rec_name = "month"
    _log_access = False

    _month_unique = models.Constraint(
        "UNIQUE(key_account_id, month)",
        "A key account has one health snapshot per month.",
    )

    key_account_id = fields.Many2one(
        "crm.key.account", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    manager_id = fields.Many2one(
        related="key_account_id.manager_id", string="Key Account Manager"
    )
    month = fields.Date(required=True, readonly=True, help="Its first day.")
    score = fields.Float(
        string="Health Score", readonly=True, digits=(16, 1), aggregator="avg"
    )
    band = fields.Selection(
        BANDS,
        readonly=True,
        help="Empty when too little of the weight was measured to colour the score.",
    )
    coverage_pct = fields.Float(
        string="Measured Weight (%)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="How much of the components' weight the score rests on: the "
        "components without data are left out.",
    )

    @api.model
    def _upsert_month(self, company, today, snapshots):
        """The month of ``today``'s row of each key account in ``snapshots``
        (``[{key_account_id, score, band, coverage_pct}]``); the rows written."""
        if not snapshots:
            return 0
        month = today.replace(day=1)
        return self._computed_rows_write(
            SQL(
                """SELECT row.key_account_id, %s::date AS month,
                          ROUND(row.score::numeric, 1) AS score, row.band,
                          ROUND(row.coverage_pct::numeric, 1) AS coverage_pct,
                          %s AS company_id
                     FROM (%s) row""",
                month,
                company.id,
                self._computed_rows_json(
                    snapshots, ["key_account_id", "score", "band", "coverage_pct"]
                ),
            ),
            SQL("old.company_id = %s AND old.month = %s", company.id, month),
        )
