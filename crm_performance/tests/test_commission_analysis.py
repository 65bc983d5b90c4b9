# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .commission_common import JUNE, CommissionCommon

MAY = date(2026, 5, 1)


@tagged("post_install", "-at_install")
class TestCommissionAnalysis(CommissionCommon):
    """May and June 2026 computed, each salesperson's plan paying 5 % of the
    untaxed amount, without rules, splits or pay curve:

    - Liu Yang (team East, led by Yang Lei) invoiced Shenyang Gear Co. 10
      bearings at 100 on 6 May (base 1 000, Bearings / Tapered) and Nanjing
      Resin Chemicals a field-service day at 500 on 12 May (base 500, Field
      Service); in June, Shenyang Gear 20 bearings at 100 on 9 June (base
      2 000);
    - Guo Qiang (team North) invoiced Nanjing Resin Chemicals a field-service
      day at 600 on 7 May and two at 400 on 15 June.

    Ma Lin has the same role and sells nothing.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._east_and_north_plans(default_rate=5.0)
        liu, guo = cls.user_commission_user, cls.user_north
        for partner, user, day, lines in (
            (cls.customer_gear, liu, date(2026, 5, 6), [(cls.bearing, 10, 100)]),
            (cls.customer_chem, liu, date(2026, 5, 12), [(cls.service, 1, 500)]),
            (cls.customer_gear, liu, date(2026, 6, 9), [(cls.bearing, 20, 100)]),
            (cls.customer_chem, guo, date(2026, 5, 7), [(cls.service, 1, 600)]),
            (cls.customer_chem, guo, date(2026, 6, 15), [(cls.service, 2, 400)]),
        ):
            cls._invoice(partner, user, day, lines)
        cls.may, cls.june = cls.Period.create(
            [
                {"period_type": "month", "date_from": MAY},
                {"period_type": "month", "date_from": JUNE},
            ]
        )
        result = (cls.may | cls.june)._recompute(cls.company)
        assert not result.failures, result.failures
        cls.Analysis = cls.env["crm.commission.analysis"]

    def _figures(self, user=None, domain=None, groupby=("period_id", "user_id")):
        """{(period, salesperson…): (base, commission, previous base,
        previous commission, variation)} as ``user`` reads them grouped."""
        analysis = self.Analysis.with_user(user) if user else self.Analysis
        return {
            tuple(keys[:-5]): tuple(keys[-5:])
            for keys in analysis._read_group(
                domain or [],
                list(groupby),
                [
                    "base_amount:sum",
                    "amount:sum",
                    "previous_base_amount:sum",
                    "previous_amount:sum",
                    "variation:sum",
                ],
            )
        }

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def test_each_period_next_to_the_previous_one(self):
        liu, guo = self.user_commission_user, self.user_north
        self.assertEqual(
            self._figures(),
            {
                # May: Liu Yang 1 000 + 500 = 1 500 at 5 % = 75; April has
                # no period: nothing to compare with
                (self.may, liu): (1500.0, 75.0, 0.0, 0.0, 75.0),
                # Guo Qiang 600 at 5 % = 30
                (self.may, guo): (600.0, 30.0, 0.0, 0.0, 30.0),
                # June: Liu Yang 2 000 at 5 % = 100, against May's 75:
                # + 25
                (self.june, liu): (2000.0, 100.0, 1500.0, 75.0, 25.0),
                # Guo Qiang 2 x 400 = 800 at 5 % = 40, against May's 30:
                # + 10
                (self.june, guo): (800.0, 40.0, 600.0, 30.0, 10.0),
            },
        )

    def test_previous_period_by_category_and_customer(self):
        """Liu Yang's June against May, by product category and customer:
        the field service he sold in May and not in June shows as lost."""
        figures = self._figures(
            domain=[
                ("period_id", "=", self.june.id),
                ("user_id", "=", self.user_commission_user.id),
            ],
            groupby=("product_categ_id", "partner_id"),
        )
        self.assertEqual(
            figures,
            {
                # bearings to Shenyang Gear: 2 000 x 5 % = 100 against
                # 1 000 x 5 % = 50
                (self.categ_tapered, self.customer_gear): (
                    2000.0,
                    100.0,
                    1000.0,
                    50.0,
                    50.0,
                ),
                # field service to Nanjing Resin: none against 500 x 5 % = 25
                (self.categ_service, self.customer_chem): (
                    0.0,
                    0.0,
                    500.0,
                    25.0,
                    -25.0,
                ),
            },
        )

    def test_month_team_and_class(self):
        """By month (of the period's start), team and customer class."""
        figures = self._figures(
            groupby=("period_start:month", "team_id", "customer_class")
        )
        june = date(2026, 6, 1)
        # Liu Yang (East) sold to Shenyang Gear, class A: 100 against 50;
        # in May also to Nanjing Resin, class B: 25, none in June
        self.assertEqual(
            figures[(june, self.team_east, "a")], (2000.0, 100.0, 1000.0, 50.0, 50.0)
        )
        self.assertEqual(
            figures[(june, self.team_east, "b")], (0.0, 0.0, 500.0, 25.0, -25.0)
        )
        # Guo Qiang (North) to Nanjing Resin, class B: 40 against 30
        self.assertEqual(
            figures[(june, self.team_north, "b")], (800.0, 40.0, 600.0, 30.0, 10.0)
        )
        self.assertEqual(len(figures), 3 + 3)

    def test_cancelled_previous_period_is_not_compared(self):
        """HR cancels May: June has nothing to compare with, and May's
        lines no longer show."""
        self.may.with_user(self.user_commission_hr).action_cancel()
        self.assertEqual(
            self._figures(groupby=("period_id",)),
            # June: 100 + 40 = 140 on 2 000 + 800
            {(self.june,): (2800.0, 140.0, 0.0, 0.0, 140.0)},
        )

    def test_only_the_next_period_of_the_same_company_and_kind(self):
        """Another company's June and this company's third quarter (which
        starts the day after June ends) do not compare with May or June."""
        other = self.env["res.company"].create({"name": "Dalian Works"})
        other_june, third_quarter = self.Period.create(
            [
                {"period_type": "month", "date_from": JUNE, "company_id": other.id},
                {"period_type": "quarter", "date_from": date(2026, 7, 1)},
            ]
        )
        self.assertFalse(
            self.Analysis.search(
                [("period_id", "in", (other_june | third_quarter).ids)]
            )
        )
        # June compares with May only: 75 + 30
        june = self._figures(domain=[("period_id", "=", self.june.id)])
        self.assertEqual(sum(figures[3] for figures in june.values()), 105.0)

    def test_the_view_has_no_subquery_per_row(self):
        """The previous period is a join on period ids, not a subquery run
        for each row."""
        self.env.cr.execute("EXPLAIN SELECT * FROM crm_commission_analysis")
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertNotIn("SubPlan", plan)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_salesperson_reads_own_rows_both_periods(self):
        """Liu Yang reads his May lines (2), his June line (1) and his May
        lines again as June's previous ones (2), nobody else's."""
        liu = self.user_commission_user
        rows = self.Analysis.with_user(liu).search_read([], ["user_id", "period_id"])
        self.assertEqual(len(rows), 2 + 1 + 2)
        self.assertEqual({row["user_id"][0] for row in rows}, {liu.id})
        self.assertEqual(
            self._figures(user=liu),
            {
                (self.may, liu): (1500.0, 75.0, 0.0, 0.0, 75.0),
                (self.june, liu): (2000.0, 100.0, 1500.0, 75.0, 25.0),
            },
        )

    def test_outsider_reads_nothing(self):
        """Ma Lin owns none of these rows: search, search_read, the views'
        formatted_read_group and the code's _read_group give nothing."""
        analysis = self.Analysis.with_user(self.user_outsider)
        self.assertFalse(analysis.search([]))
        self.assertFalse(analysis.search_read([], ["id"]))
        self.assertFalse(analysis.formatted_read_group([], ["user_id"], ["__count"]))
        self.assertFalse(analysis._read_group([], ["user_id"], ["__count"]))

    def test_manager_reads_their_team(self):
        """Yang Lei leads team East: Liu Yang's rows, not Guo Qiang's."""
        rows = self.Analysis.with_user(self.user_commission_manager).search([])
        self.assertEqual(rows.user_id, self.user_commission_user)

    def test_hr_reads_all(self):
        hr = self.user_commission_hr
        figures = self._figures(user=hr, groupby=("period_id",))
        self.assertEqual(
            figures,
            {
                # May: 75 + 30 = 105 on 1 500 + 600
                (self.may,): (2100.0, 105.0, 0.0, 0.0, 105.0),
                # June: 100 + 40 = 140 on 2 000 + 800, against 105
                (self.june,): (2800.0, 140.0, 2100.0, 105.0, 35.0),
            },
        )

    def test_other_company_reads_nothing(self):
        """HR working in another company only reads none of these rows."""
        other = self.env["res.company"].create({"name": "Dalian Works"})
        hr = self.user_commission_hr
        hr.write({"company_ids": [Command.link(other.id)], "company_id": other.id})
        analysis = self.Analysis.with_user(hr)
        self.assertFalse(
            analysis.with_context(allowed_company_ids=other.ids).search([])
        )
        self.assertEqual(
            len(
                analysis.with_context(
                    allowed_company_ids=(other | self.company).ids
                ).search([])
            ),
            # 3 lines in May, 2 in June, May's 3 again as June's previous
            3 + 2 + 3,
        )

    def test_period_analysis_button(self):
        """The period's Analysis opens the rows of that period only; a
        salesperson sees their own there too."""
        liu = self.user_commission_user
        action = self.june.with_user(liu).action_open_analysis()
        self.assertEqual(action["res_model"], "crm.commission.analysis")
        rows = self.Analysis.with_user(liu).search(action["domain"])
        self.assertEqual(rows.period_id, self.june)
        self.assertEqual(rows.user_id, liu)
        # June's bearings line and May's two lines as previous
        self.assertEqual(sorted(rows.mapped("amount")), [0.0, 0.0, 100.0])

    def test_views_open_for_each_role(self):
        for user in (
            self.user_commission_user,
            self.user_commission_manager,
            self.user_commission_hr,
        ):
            with self.subTest(user=user.login):
                result = self.Analysis.with_user(user).get_views(
                    [(False, kind) for kind in ("pivot", "graph", "list", "search")]
                )
                self.assertEqual(
                    set(result["views"]), {"pivot", "graph", "list", "search"}
                )
                action = (
                    self.env["ir.actions.act_window"]
                    .with_user(user)
                    ._for_xml_id("crm_performance.action_crm_commission_analysis")
                )
                self.assertEqual(action["res_model"], "crm.commission.analysis")
