# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time
from pytz import timezone, utc

from odoo import Command

from .common import CrmIndustrialCommon

SHANGHAI = timezone("Asia/Shanghai")


def utc_of(local):
    """The naive UTC datetime Odoo stores for a Shanghai wall-clock time."""
    return SHANGHAI.localize(local).astimezone(utc).replace(tzinfo=None)


class ComplaintCommon(CrmIndustrialCommon):
    """A plant in Shanghai working 8:00-12:00 and 13:00-17:00, Monday to Friday.

    Changchun Axle Works is Li Na's customer and class A; Nanjing Resin
    Chemicals is Wang Fang's and class C; both since 2026-01-05. Times in the
    stories are Shanghai times.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai plant",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": day,
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in "01234"
                    for hour_from, hour_to, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        with cls._at(datetime(2026, 1, 5, 9, 0)):
            cls.customer_auto.user_id = cls.user_salesman
            cls.customer_chem.user_id = cls.user_sales_manager
        Profile = cls.env["crm.customer.profile"]
        # as the profile recompute left them
        Profile.create(
            [
                {
                    "partner_id": cls.customer_auto.id,
                    "company_id": cls.company.id,
                    "abc_class": "a",
                },
                {
                    "partner_id": cls.customer_chem.id,
                    "company_id": cls.company.id,
                    "abc_class": "c",
                },
            ]
        )
        cls.Claim = cls.env["crm.claim"]
        cls.stage_new = cls.env.ref("crm_claim.stage_claim1")
        cls.stage_in_progress = cls.env.ref("crm_claim.stage_claim5")
        cls.stage_settled = cls.env.ref("crm_claim.stage_claim2")
        cls.stage_rejected = cls.env.ref("crm_claim.stage_claim3")
        cls.category = {
            code: cls.env.ref(f"crm_industrial.crm_claim_category_{code}")
            for code in ("quality", "delivery", "documentation", "billing")
        }

    @classmethod
    @contextmanager
    def _at(cls, local):
        """Freeze the clock at Shanghai time ``local``, for what is done inside.

        What is computed from the clock is computed before the clock moves on.
        """
        with freeze_time(utc_of(local)):
            yield
            cls.env.flush_all()

    @contextmanager
    def _refused(self, exception, message):
        """Expect ``exception`` saying ``message``; what was done is rolled back."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    @classmethod
    def _claim(cls, customer, received, **values):
        """A complaint of ``customer`` received at Shanghai time ``received``.

        ``answered`` and ``resolved`` (Shanghai times) are recorded as such;
        a resolved complaint is settled.
        """
        answered = values.pop("answered", None)
        resolved = values.pop("resolved", None)
        vals = {
            "name": f"{customer.name}: complaint of {received:%Y-%m-%d %H:%M}",
            "partner_id": customer.id,
            "date": utc_of(received),
            **values,
        }
        if answered:
            vals["date_first_response"] = utc_of(answered)
        if resolved:
            vals["date_resolved"] = utc_of(resolved)
            vals["stage_id"] = cls.env.ref("crm_claim.stage_claim2").id
        return cls.env["crm.claim"].create(vals)
