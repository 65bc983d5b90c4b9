# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_customer_profile import ABC_CLASSES


class CrmCustomerAbcHistory(models.Model):
    """Append-only: one row per change of a customer's effective ABC class."""

    _name = "crm.customer.abc.history"
    _inherit = "crm.customer.history.mixin"
    _description = "Customer ABC Class History"

    class_from = fields.Selection(ABC_CLASSES, string="From", readonly=True)
    class_to = fields.Selection(ABC_CLASSES, string="To", readonly=True)
    origin = fields.Selection(
        [("computed", "Computed"), ("manual", "Manual override")], readonly=True
    )

    @api.model
    def _change_values(self):
        return (
            ("class_from", "class_to", "origin"),
            SQL(
                "class_before, abc_class,"
                " CASE WHEN manual THEN 'manual' ELSE 'computed' END"
            ),
            SQL("class_before IS DISTINCT FROM abc_class"),
        )

    @api.model
    def _class_on_sql(self, partner, company, day):
        """SQL: the ABC class of customer ``partner`` in ``company`` at the
        end of ``day`` (a date), NULL when it had none.

        The class the last change on or before that day set; without one,
        the class the first later change started from; without any change,
        the customer's class today. The retention of commissions and of the
        scorecard, and the class lost with a dormant customer, read it so.
        """
        return SQL(
            """(COALESCE(
                  (SELECT ARRAY[class_change.class_to]
                     FROM crm_customer_abc_history class_change
                    WHERE class_change.partner_id = %(partner)s
                      AND class_change.company_id = %(company)s
                      AND class_change.date <= %(day)s
                    ORDER BY class_change.date DESC, class_change.id DESC
                    LIMIT 1),
                  (SELECT ARRAY[class_change.class_from]
                     FROM crm_customer_abc_history class_change
                    WHERE class_change.partner_id = %(partner)s
                      AND class_change.company_id = %(company)s
                      AND class_change.date > %(day)s
                    ORDER BY class_change.date, class_change.id
                    LIMIT 1),
                  (SELECT ARRAY[class_profile.abc_class]
                     FROM crm_customer_profile class_profile
                    WHERE class_profile.partner_id = %(partner)s
                      AND class_profile.company_id = %(company)s)
               ))[1]""",
            partner=partner,
            company=company,
            day=day,
        )

    @api.model
    def _retention_cohort_sql(self, company, date_from, date_to):
        """SQL: the customers ``company`` had to keep from ``date_from`` to
        ``date_to``, one row each: ``partner_id``, ``user_id`` (who is
        credited) and ``retained``.

        The cohort is the customers invoiced (posted invoices) in the same
        period a year earlier whose class on that period's last day was A or
        B; each is credited to its owner on ``date_to``, the salesperson
        responsible for keeping it now, so that a reassignment neither counts
        it twice nor loses it; it is retained when invoiced in the period.
        Commissions and the scorecard both count retention on these rows.
        """
        last_from = date_from - relativedelta(years=1)
        # the last day of the same period a year earlier: 28 February 2027
        # for 29 February 2028, 29 February 2028 for 28 February 2029
        last_to = date_to + relativedelta(days=1) - relativedelta(years=1, days=1)
        invoiced = SQL(
            """SELECT move.commercial_partner_id AS partner_id, move.invoice_date
                 FROM account_move move
                WHERE move.company_id = %(company)s
                  AND move.state = 'posted'
                  AND move.move_type = 'out_invoice'""",
            company=company.id,
        )
        return SQL(
            """
SELECT customer.partner_id,
       %(owner)s AS user_id,
       EXISTS (
           SELECT 1
             FROM (%(invoiced)s) later
            WHERE later.partner_id = customer.partner_id
              AND later.invoice_date BETWEEN %(date_from)s AND %(date_to)s
       ) AS retained
  FROM (SELECT DISTINCT earlier.partner_id
          FROM (%(invoiced)s) earlier
         WHERE earlier.invoice_date BETWEEN %(last_from)s AND %(last_to)s
       ) customer
 WHERE %(class_then)s IN ('a', 'b')
            """,
            owner=self.env["crm.customer.ownership"]._owner_on_sql(
                SQL("customer.partner_id"), date_to
            ),
            invoiced=invoiced,
            date_from=date_from,
            date_to=date_to,
            last_from=last_from,
            last_to=last_to,
            class_then=self._class_on_sql(
                SQL("customer.partner_id"), company.id, last_to
            ),
        )
