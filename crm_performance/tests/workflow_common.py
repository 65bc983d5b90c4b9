# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.crm_industrial.tests.common import SALESMAN

from .commission_common import JUNE, CommissionCommon


class WorkflowCommon(CommissionCommon):
    """June 2026 computed. Liu Yang (team East, led by Yang Lei) invoiced
    Nanjing Resin Chemicals one field-service day at 800 on 4 June; Guo Qiang
    (team North, no leader) one at 1 200 on 8 June. Each has a plan paying
    5 % without pay curve and a June target of 1 000:

    - Liu Yang: base 800, attainment 80 %, commission 800 x 5 % = 40;
    - Guo Qiang: base 1 200, attainment 120 %, commission 1 200 x 5 % = 60.

    Yang Lei approves Liu Yang; Guo Qiang, whom nobody leads, is approved by
    HR (Sun Li).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._east_and_north_plans(default_rate=5.0, june_target=1000)
        for user, price, day in (
            (cls.user_commission_user, 800, 4),
            (cls.user_north, 1200, 8),
        ):
            cls._invoice(
                cls.customer_chem, user, date(2026, 6, day), [(cls.service, 1, price)]
            )
        cls.period = cls.Period.create({"period_type": "month", "date_from": JUNE})
        cls.period._recompute(cls.company)
        cls.summary_liu = cls.Summary.search(
            [("user_id", "=", cls.user_commission_user.id)]
        )
        cls.summary_guo = cls.Summary.search([("user_id", "=", cls.user_north.id)])

    def _as(self, user, records=None):
        return (records or self.period).with_user(user)

    def _approve_all(self):
        self._as(self.user_commission_manager).action_approve()
        self._as(self.user_commission_hr).action_approve()


class GovernanceCommon(WorkflowCommon):
    """:class:`WorkflowCommon` with its two plans at hand and Zhou Min, who
    is Commission HR and sells on the North plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_east = cls.Plan.search([("name", "=", "East")])
        cls.plan_north = cls.Plan.search([("name", "=", "North")])
        cls.user_hr_seller = cls._new_user(
            "com_hr_seller",
            "Zhou Min",
            f"{SALESMAN},crm_performance.group_commission_hr",
        )
        cls.plan_north.user_ids |= cls.user_hr_seller
