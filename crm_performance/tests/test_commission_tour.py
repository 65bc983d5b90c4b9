# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .workflow_common import WorkflowCommon


@tagged("post_install", "-at_install")
class TestCommissionTour(WorkflowCommon, HttpCase):
    """June 2026 computed: Yang Lei approves Liu Yang of his team East; Sun
    Li (HR) approves Guo Qiang, whom nobody leads, validates the period and
    prints Liu Yang's statement."""

    def test_manager_approves_hr_validates_and_prints(self):
        url = f"/odoo/crm.commission.period/{self.period.id}"
        self.start_tour(
            url,
            "crm_performance_commission_approve",
            login=self.user_commission_manager.login,
        )
        self.assertEqual(self.summary_liu.approved_by_id, self.user_commission_manager)
        self.assertFalse(self.summary_guo.approved_by_id)
        self.assertEqual(self.period.state, "computed")
        self.start_tour(
            url,
            "crm_performance_commission_validate",
            login=self.user_commission_hr.login,
        )
        self.assertEqual(self.summary_guo.approved_by_id, self.user_commission_hr)
        self.assertEqual(self.period.state, "validated")
        Report = self.registry["ir.actions.report"]
        render = Report._render_qweb_pdf
        printed = []

        def record_print(report, report_ref, res_ids=None, data=None):
            printed.append((report_ref, list(res_ids or [])))
            return render(report, report_ref, res_ids, data=data)

        with patch.object(Report, "_render_qweb_pdf", record_print):
            self.start_tour(
                "/odoo/action-crm_performance.action_crm_commission_summary",
                "crm_performance_commission_statement",
                login=self.user_commission_hr.login,
            )
        self.assertEqual(
            printed,
            [("crm_performance.report_commission_statement", self.summary_liu.ids)],
        )
