# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command

from .commission_common import JUNE, CommissionCommon

# (metric, weight %, target) of the company's scorecard in these tests
TEMPLATE = (
    ("revenue", 20.0, 4600.0),
    ("margin_pct", 15.0, 40.0),
    ("new_customers", 10.0, 2.0),
    ("retention_pct", 15.0, 80.0),
    ("nps", 10.0, 50.0),
    ("csat", 5.0, 4.0),
    ("complaints_per_100", 10.0, 20.0),
    ("on_time_pct", 10.0, 90.0),
    ("plan_progress_pct", 5.0, 80.0),
)


class ScorecardCommon(CommissionCommon):
    """June 2026 of the sales force of :class:`CommissionCommon`.

    Liu Yang (team East, led by Yang Lei) owns Shenyang Gear Co. (A),
    Nanjing Resin Chemicals (B) and Harbin Turbine Parts (C) since January
    2025; Guo Qiang (team North) owned Changchun Axle Works (A, a key
    account of Chen Jing, who is in team North too) until 1 March 2026, when
    it passed to Liu Yang, a member of its key-account team. A score counts
    with 3 answers or more.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.satisfaction_min_answers = 3
        cls.template = cls.env["crm.scorecard.template"].create(
            {
                "name": "Industrial salespeople",
                "metric_ids": [
                    Command.clear(),
                    *(
                        Command.create(
                            {
                                "sequence": sequence,
                                "code": code,
                                "weight": weight,
                                "target": target,
                            }
                        )
                        for sequence, (code, weight, target) in enumerate(TEMPLATE)
                    ),
                ],
            }
        )
        cls.team_north.member_ids = [Command.link(cls.user_key_account_manager.id)]
        with freeze_time("2025-01-02"):
            liu_customers = cls.customer_gear | cls.customer_chem | cls.customer_turbine
            liu_customers.user_id = cls.user_commission_user
            cls.customer_auto.user_id = cls.user_north
        with freeze_time("2026-03-01"):
            cls.customer_auto.user_id = cls.user_commission_user
        cls.key_account.sudo().member_ids = [
            Command.create(
                {
                    "user_id": cls.user_commission_user.id,
                    "role_id": cls.env["crm.key.account.role"]
                    .create({"name": "Sales engineer"})
                    .id,
                }
            )
        ]
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.out_type = warehouse.out_type_id
        cls.Scorecard = cls.env["crm.salesperson.scorecard"]

    @classmethod
    def _answer(cls, customer, salesperson, day, nps, csat):
        """A counted answer of ``customer`` completed on ``day``, attributed
        to ``salesperson``: NPS ``nps``, CSAT average ``csat``."""
        category = "promoter" if nps >= 9 else "passive" if nps >= 7 else "detractor"
        return (
            cls.env["survey.user_input"]
            .sudo()
            .create(
                {
                    "survey_id": cls.env.ref("crm_industrial.survey_relationship").id,
                    "state": "done",
                    "end_datetime": datetime.combine(day, datetime.min.time()).replace(
                        hour=6
                    ),
                    "crm_counted": True,
                    "crm_company_id": cls.company.id,
                    "crm_partner_id": customer.id,
                    "crm_salesperson_id": salesperson.id,
                    "crm_nps": nps,
                    "crm_nps_category": category,
                    "crm_csat_avg": csat,
                }
            )
        )

    @classmethod
    def _deliveries(cls, customer, count, day):
        """``count`` deliveries to ``customer`` done at noon (UTC) on ``day``."""
        pickings = cls.env["stock.picking"].create(
            [
                {
                    "partner_id": customer.id,
                    "picking_type_id": cls.out_type.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": cls.bearing.id,
                                "product_uom_qty": 5,
                                "location_id": cls.out_type.default_location_src_id.id,
                                "location_dest_id": cls.env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
                for _index in range(count)
            ]
        )
        pickings.action_confirm()
        pickings.move_ids.write({"quantity": 5, "picked": True})
        with freeze_time(datetime.combine(day, datetime.min.time()).replace(hour=12)):
            pickings.button_validate()
        return pickings

    @classmethod
    def _service_level(cls, month, deliveries, on_time):
        return (
            cls.env["crm.key.account.service.level"]
            .sudo()
            .create(
                {
                    "key_account_id": cls.key_account.id,
                    "company_id": cls.company.id,
                    "partner_id": cls.customer_auto.id,
                    "month": month,
                    "delivery_count": deliveries,
                    "on_time_count": on_time,
                }
            )
        )

    @classmethod
    def _june_story(cls):
        """The documents of June 2025 and June 2026 the scorecards measure."""
        liu, guo = cls.user_commission_user, cls.user_north
        # June 2025: Gear and Resin bought from Liu Yang, the axle works
        # from Guo Qiang
        for customer, salesperson in (
            (cls.customer_gear, liu),
            (cls.customer_chem, liu),
            (cls.customer_auto, guo),
        ):
            cls._invoice(
                customer, salesperson, date(2025, 6, 10), [(cls.service, 1, 500)]
            )
        # June 2026, all Liu Yang's: Gear 10 bearings and 2 returned, the
        # axle works a service day, Harbin Turbine its first 2 service days
        cls._invoice(cls.customer_gear, liu, date(2026, 6, 5), [(cls.bearing, 10, 100)])
        cls._invoice(
            cls.customer_gear,
            liu,
            date(2026, 6, 20),
            [(cls.bearing, 2, 100)],
            move_type="out_refund",
        )
        cls._invoice(cls.customer_auto, liu, date(2026, 6, 8), [(cls.service, 1, 500)])
        cls._invoice(
            cls.customer_turbine, liu, date(2026, 6, 12), [(cls.service, 2, 500)]
        )
        # four answers for Liu Yang, two for Guo Qiang; one of May not counted
        for nps, csat in ((10, 5), (9, 4), (7, 4), (3, 3)):
            cls._answer(cls.customer_gear, liu, date(2026, 6, 15), nps, csat)
        for nps, csat in ((10, 5), (10, 5)):
            cls._answer(cls.customer_auto, guo, date(2026, 6, 15), nps, csat)
        cls._answer(cls.customer_gear, liu, date(2026, 5, 31), 0, 1)
        # four deliveries to Shenyang Gear, one complaint
        cls._deliveries(cls.customer_gear, 4, date(2026, 6, 10))
        cls.env["crm.claim"].create(
            {
                "name": "Bearings arrived with rust",
                "partner_id": cls.customer_gear.id,
                "date": datetime(2026, 6, 16, 3, 0),
            }
        )
        # the axle works' deliveries: 9 of 10 on time in June, 5 of 10 in May
        cls._service_level(JUNE, 10, 9)
        cls._service_level(date(2026, 5, 1), 10, 5)
        # Chen Jing's plan for the axle works: 5 of 10, 6 of 4 (counted as 100)
        plan = (
            cls.env["crm.key.account.plan"]
            .sudo()
            .create(
                {
                    "key_account_id": cls.key_account.id,
                    "year": 2026,
                    "objective_ids": [
                        Command.create(
                            {
                                "objective_type": "custom",
                                "name": "Joint cost-down workshops",
                                "target": 10,
                                "manual_actual": 5,
                            }
                        ),
                        Command.create(
                            {
                                "objective_type": "custom",
                                "name": "Executive visits",
                                "target": 4,
                                "manual_actual": 6,
                            }
                        ),
                    ],
                }
            )
        )
        plan.state = "approved"

    def _compute(self, period):
        result = self.Scorecard._compute_periods(period)
        self.assertFalse(result.failures)
        return result.written

    def _scorecard(self, period, user):
        return self.Scorecard.search(
            [("period_id", "=", period.id), ("user_id", "=", user.id)]
        )

    def _lines(self, scorecard):
        return {line.code: line for line in scorecard.line_ids}
