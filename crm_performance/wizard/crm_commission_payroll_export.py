# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import csv
import io
from urllib.parse import quote

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError

# The states of a period whose commissions go to payroll.
EXPORTABLE_STATES = ("validated", "paid")


class CrmCommissionPayrollExport(models.TransientModel):
    """HR downloads a validated or paid period's commissions for payroll:
    one row per salesperson, the total of their summaries' commission in
    the period, identified by their employee's Badge ID.

    Every salesperson of the period must be an employee of the period's
    company with a Badge ID: payroll pays employees, not users, and a row
    it cannot match would be dropped or paid to the wrong person. The
    export is refused with the list of those to fix instead.
    """

    _name = "crm.commission.payroll.export"
    _description = "Commission Payroll Export"

    period_id = fields.Many2one(
        "crm.commission.period",
        required=True,
        domain=[("state", "in", EXPORTABLE_STATES)],
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("csv", "CSV")],
        string="Format",
        required=True,
        default="xlsx",
    )
    export_file = fields.Binary(readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    def action_export(self):
        """Write the file and download it."""
        self.ensure_one()
        rows = self._payroll_rows()
        period = self.period_id
        if self.file_format == "csv":
            content = _csv_content(
                self._header(), rows, period.currency_id.decimal_places
            )
        else:
            content = _xlsx_content(period.name, self._header(), rows)
        self.write(
            {
                "export_file": base64.b64encode(content),
                "export_filename": self.env._(
                    "Commission Payroll %(period)s.%(extension)s",
                    period=period.name,
                    extension=self.file_format,
                ),
            }
        )
        period.message_post(
            body=self.env._(
                "Commissions of %(count)s salespeople exported to payroll "
                "(%(format)s).",
                count=len(rows),
                format=self.file_format.upper(),
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/export_file/"
            f"{quote(self.export_filename)}?download=true",
            "target": "self",
        }

    def _header(self):
        return [
            self.env._("Employee Number"),
            self.env._("Employee"),
            self.env._("Department"),
            self.env._("Period"),
            self.env._("Amount"),
            self.env._("Currency"),
        ]

    def _payroll_rows(self):
        """[employee number, employee, department, period, amount, currency]
        for each salesperson of the period, by employee name."""
        self.ensure_one()
        period = self.period_id
        if period.state not in EXPORTABLE_STATES:
            raise UserError(
                self.env._(
                    "Only a validated or paid commission period is exported to "
                    "payroll; %(period)s is %(state)s.",
                    period=period.display_name,
                    state=period._state_label(),
                )
            )
        commissions = self.env["crm.commission.summary"]._read_group(
            [("period_id", "=", period.id)], ["user_id"], ["commission:sum"]
        )
        # the Badge ID is HR data (hr.group_hr_user): read once the caller
        # is known to be Commission HR by the wizard's access rights
        Employee = self.env["hr.employee"].sudo()
        employees = {
            employee.user_id: employee
            for employee in Employee.search(
                [
                    ("user_id", "in", [user.id for user, _amount in commissions]),
                    ("company_id", "=", period.company_id.id),
                ]
            )
        }
        missing = [
            user.name
            for user, _amount in commissions
            if not employees.get(user, Employee).barcode
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Link these salespeople to an employee of %(company)s with "
                    "a Badge ID before exporting their commissions to payroll: "
                    "%(salespeople)s.",
                    company=period.company_id.name,
                    salespeople=", ".join(sorted(missing)),
                )
            )
        currency = period.currency_id
        rows = [
            [
                employees[user].barcode,
                employees[user].name,
                employees[user].department_id.name or "",
                period.name,
                currency.round(amount),
                currency.name,
            ]
            for user, amount in commissions
        ]
        return sorted(rows, key=lambda row: (row[1], row[0]))


def _csv_content(header, rows, decimals):
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(header)
    writer.writerows([*row[:4], f"{row[4]:.{decimals}f}", row[5]] for row in rows)
    return stream.getvalue().encode()


def _xlsx_content(sheet_name, header, rows):
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, header, bold)
    for row_index, row in enumerate(rows, start=1):
        sheet.write_row(row_index, 0, row[:4])
        sheet.write_number(row_index, 4, row[4], money)
        sheet.write_string(row_index, 5, row[5])
    sheet.set_column(0, len(header) - 1, 18)
    workbook.close()
    return stream.getvalue()
