# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from .common import CrmIndustrialCommon

TODAY = date(2026, 6, 30)
# the synthetic history: month by month from January 2024 to June 2026
FIRST_MONTH = date(2024, 1, 1)
MONTHS = 30
CUSTOMERS = 160


class ChurnCommon(CrmIndustrialCommon):
    """A company's history with known drivers of churn, written by SQL
    (invoices) and the ORM (complaints), on 2026-06-30.

    Each customer is invoiced once in a month with probability 0.9 (on the
    10th), for about 10 000. Of every 20 customers, 9 leave: in a month
    drawn between the 7th and the 32nd (the last ones after the history
    ends), after which they are never invoiced again; in the 6 months
    before, they are invoiced with probability 0.35, for half as much, and
    complain with probability 0.5 each month. Of the others, one in five
    wobbles for 3 months (invoiced with probability 0.6, complaining with
    probability 0.25) and stays. Nobody ordered: a customer's dormancy
    threshold is the company's floor, 90 days, which a customer invoiced
    every month never reaches.
    """

    # how many customers the history has: a test that learns nothing from
    # it may ask fewer
    history_customers = CUSTOMERS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leavers = {}
        cls.customers = cls._write_history(
            cls.company, random.Random(20260630), cls.history_customers
        )

    @classmethod
    def _write_history(cls, company, rng, count=CUSTOMERS, months=MONTHS):
        """The synthetic history of ``count`` customers of ``company`` over
        ``months`` months; the customers, the leavers' month of leaving
        in ``cls.leavers``."""
        customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Churn Test Customer {company.id}-{index:03d}",
                    "is_company": True,
                    "user_id": cls.user_salesman.id if index % 2 else False,
                }
                for index in range(count)
            ]
        )
        invoices, complaints = [], []
        for index, customer in enumerate(customers):
            leave = rng.randint(7, 31) if index % 20 < 9 else None
            wobble = (
                rng.randint(0, months - 3)
                if leave is None and rng.random() < 0.2
                else None
            )
            if leave is not None:
                cls.leavers[customer] = FIRST_MONTH + relativedelta(months=leave)
            size = rng.lognormvariate(9.2, 0.5)
            for month in range(months):
                probability, amount, complaint = 0.9, size, 0.02
                if leave is not None and month >= leave:
                    break
                if leave is not None and month >= leave - 6:
                    probability, amount, complaint = 0.35, size / 2, 0.5
                if wobble is not None and wobble <= month < wobble + 3:
                    probability, complaint = 0.6, 0.25
                day = FIRST_MONTH + relativedelta(months=month, day=10)
                if rng.random() < probability:
                    invoices.append((customer.id, day, round(amount, 2)))
                if rng.random() < complaint:
                    complaints.append((customer, day + relativedelta(days=5)))
        cls._insert_invoices(company, invoices)
        cls._file_complaints(company, complaints)
        return customers

    @classmethod
    def _insert_invoices(cls, company, invoices):
        """Posted customer invoices (customer id, day, untaxed amount),
        written as rows: the churn statement reads their headers."""
        journal = cls.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                """INSERT INTO account_move
                       (journal_id, company_id, currency_id, state, move_type,
                        auto_post, date, invoice_date, partner_id,
                        commercial_partner_id, amount_untaxed,
                        amount_untaxed_signed, amount_total_signed,
                        amount_residual_signed, payment_state)
                   SELECT %(journal)s, %(company)s, %(currency)s, 'posted',
                          'out_invoice', 'no', day, day, partner, partner,
                          amount, amount, amount, 0, 'paid'
                     FROM UNNEST(%(partners)s::int[], %(days)s::date[],
                                 %(amounts)s::numeric[])
                          AS row(partner, day, amount)""",
                journal=journal.id,
                company=company.id,
                currency=company.currency_id.id,
                partners=[row[0] for row in invoices],
                days=[row[1] for row in invoices],
                amounts=[row[2] for row in invoices],
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def _file_complaints(cls, company, complaints):
        """A complaint of each (customer, day), received at 9:00."""
        cls.env["crm.claim"].with_company(company).create(
            [
                {
                    "name": f"Surface defects on delivery {index}",
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "date": datetime.combine(day, time(9)),
                }
                for index, (customer, day) in enumerate(complaints)
            ]
        )

    def _model(self, company=None):
        """The active churn model of ``company`` (by default the test's)."""
        return self.env["crm.churn.model"].search(
            [("company_id", "=", (company or self.company).id)]
        )

    @classmethod
    def _train(cls, companies=None, today=TODAY):
        """Recompute the profiles, then train (and score) the churn models."""
        companies = companies or cls.company
        cls.env["crm.customer.profile"]._recompute(companies, today)
        return cls.env["crm.churn.model"]._recompute(companies, today)


class ChurnTrainedCommon(ChurnCommon):
    """The synthetic history learned once (``cls.result``): the tests that
    read a trained model share it, mixed into one class
    (``test_churn_trained``) so that the history is written and learned
    once for all of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result = cls._train()
