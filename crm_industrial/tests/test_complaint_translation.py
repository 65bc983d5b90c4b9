# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import polib

from odoo.tests import tagged
from odoo.tools.misc import file_path

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintTranslation(ComplaintCommon):
    """crm_claim ships no Simplified Chinese: crm_industrial brings it."""

    def test_every_term_of_crm_claim_is_translated(self):
        template = polib.pofile(file_path("crm_claim/i18n/crm_claim.pot"))
        chinese = polib.pofile(file_path("crm_industrial/i18n_extra/zh_CN.po"))
        translated = {entry.msgid for entry in chinese if entry.msgstr}
        missing = [
            entry.msgid
            for entry in template
            if entry.msgid not in translated
            # Python strings are looked up in crm_claim's own files only
            and not any(place.startswith("code:") for place, _ in entry.occurrences)
        ]
        self.assertFalse(missing)

    def test_claim_path_reads_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_claim", "crm_industrial"], ["zh_CN"]
        )
        self.user_salesman.lang = "zh_CN"
        env = self.env(user=self.user_salesman, context={"lang": "zh_CN"})
        for xmlid, name in (
            ("crm_claim.menu_aftersale", "售后"),
            ("crm_claim.menu_crm_case_claims", "投诉"),
            ("crm_claim.crm_claim_category_claim0", "投诉"),
            ("crm_claim.stage_claim1", "新建"),
            ("crm_claim.stage_claim2", "已解决"),
            ("crm_claim.stage_claim3", "已驳回"),
            ("crm_claim.categ_claim1", "事实类投诉"),
        ):
            with self.subTest(record=xmlid):
                self.assertEqual(env.ref(xmlid).sudo().name, name)
        partner_form = env["res.partner"].get_views([(False, "form")])
        arch = partner_form["views"]["form"]["arch"]
        self.assertIn('string="投诉"', arch)
        self.assertNotIn('string="Claims"', arch)
        claim_form = env["crm.claim"].get_views([(False, "form")])
        arch = claim_form["views"]["form"]["arch"]
        for term in ("根本原因", "处理措施", "跟进", "投诉人"):
            with self.subTest(term=term):
                self.assertIn(term, arch)
        fields = env["crm.claim"].fields_get(["cause", "type_action", "priority"])
        self.assertEqual(fields["cause"]["string"], "根本原因")
        self.assertEqual(
            fields["type_action"]["selection"],
            [("correction", "纠正措施"), ("prevention", "预防措施")],
        )
        self.assertEqual(
            fields["priority"]["selection"],
            [("0", "低"), ("1", "普通"), ("2", "高")],
        )
