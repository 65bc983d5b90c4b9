# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
import zipfile
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .workflow_common import WorkflowCommon

HEADER = ["Employee Number", "Employee", "Department", "Period", "Amount", "Currency"]


@tagged("post_install", "-at_install")
class TestCommissionPayrollExport(WorkflowCommon):
    """June 2026 as in :class:`WorkflowCommon`, but Liu Yang's plan East
    ends on 15 June and a paid plan at 10 % follows it: Nanjing Resin
    Chemicals paid 452 of the 904 (800 + 13 % VAT) of his invoice on 20
    June, half of it, so the paid line's base is 400 and its commission 40.
    Liu Yang's June commission is 40 + 40 = 80 over two summaries, Guo
    Qiang's 60.

    Employees (Badge ID, department): Liu Yang E1001 in Industrial Sales
    East, Guo Qiang E1002 in Industrial Sales North.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan.search([("name", "=", "East")]).date_to = date(2026, 6, 15)
        cls._plan(
            "East paid",
            users=cls.user_commission_user,
            base="paid",
            default_rate=10.0,
            date_from=date(2026, 6, 16),
        )
        invoice = cls.env["account.move"].search(
            [("invoice_user_id", "=", cls.user_commission_user.id)]
        )
        cls._pay(invoice, 452.0, date(2026, 6, 20))
        cls.period._recompute(cls.company)
        Department = cls.env["hr.department"]
        cls.employee_liu, cls.employee_guo = cls.env["hr.employee"].create(
            [
                {
                    "name": user.name,
                    "user_id": user.id,
                    "company_id": cls.company.id,
                    "barcode": barcode,
                    "department_id": Department.create({"name": department}).id,
                }
                for user, barcode, department in (
                    (cls.user_commission_user, "E1001", "Industrial Sales East"),
                    (cls.user_north, "E1002", "Industrial Sales North"),
                )
            ]
        )
        cls.currency = cls.company.currency_id.name

    def _validate(self):
        self._approve_all()
        self._as(self.user_commission_hr).action_validate()

    def _export(self, file_format, user=None):
        wizard = (
            self.env["crm.commission.payroll.export"]
            .with_user(user or self.user_commission_hr)
            .create({"period_id": self.period.id, "file_format": file_format})
        )
        action = wizard.action_export()
        return wizard, action

    def test_csv_one_row_per_salesperson(self):
        self.assertEqual(
            sorted(self.period.summary_ids.mapped("commission")), [40.0, 40.0, 60.0]
        )
        self._validate()
        wizard, action = self._export("csv")
        self.assertEqual(wizard.export_filename, "Commission Payroll 2026-06.csv")
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/{wizard.id}/export_file/", action["url"])
        rows = list(
            csv.reader(io.StringIO(base64.b64decode(wizard.export_file).decode()))
        )
        self.assertEqual(
            rows,
            [
                HEADER,
                [
                    "E1002",
                    "Guo Qiang",
                    "Industrial Sales North",
                    "2026-06",
                    "60.00",
                    self.currency,
                ],
                [
                    "E1001",
                    "Liu Yang",
                    "Industrial Sales East",
                    "2026-06",
                    "80.00",
                    self.currency,
                ],
            ],
        )
        self.assertIn(
            "2 salespeople exported to payroll (CSV)", self.period.message_ids[0].body
        )

    def test_xlsx_of_a_paid_period(self):
        self._validate()
        self.period.with_user(self.user_commission_hr)._pay(
            date(2026, 7, 5), "PAY/2026/07"
        )
        wizard, _action = self._export("xlsx")
        self.assertEqual(wizard.export_filename, "Commission Payroll 2026-06.xlsx")
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file))) as book:
            self.assertIn('name="2026-06"', book.read("xl/workbook.xml").decode())
            strings = book.read("xl/sharedStrings.xml").decode()
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
        for text in ("E1001", "E1002", "Liu Yang", "Industrial Sales North", *HEADER):
            with self.subTest(text=text):
                self.assertIn(text, strings)
        for amount in ("<v>60</v>", "<v>80</v>"):
            with self.subTest(amount=amount):
                self.assertIn(amount, sheet)

    def test_refused_before_validation(self):
        self._approve_all()
        with self.assertRaisesRegex(
            UserError, "Only a validated or paid commission period"
        ):
            self._export("csv")

    def test_refused_to_all_but_hr(self):
        self._validate()
        for user in (self.user_commission_manager, self.user_commission_user):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self._export("csv", user)

    def test_salesperson_without_employee_is_refused(self):
        """Guo Qiang's employee is in no company of his; Liu Yang's has no
        Badge ID: both are named, and nothing is exported."""
        self.employee_guo.company_id = self.env["res.company"].create(
            {"name": "Harbin Subsidiary"}
        )
        self.employee_liu.barcode = False
        self._validate()
        with self.assertRaisesRegex(UserError, "Badge ID.*: Guo Qiang, Liu Yang\\.$"):
            self._export("csv")
        self.assertNotIn("exported to payroll", self.period.message_ids[0].body)
