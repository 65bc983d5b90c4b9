# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Industrial Customer Intelligence",
    "summary": "Customer value, ABC/RFM segmentation, relationship lifecycle "
    "and company ownership of customers for industrial B2B sellers",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Industrial Team",
    "license": "AGPL-3",
    "depends": [
        "crm",
        "sale_management",
        "sale_margin",
        "account",
        "survey",
        "crm_claim",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_industrial_security.xml",
        "security/crm_customer_revenue_report_security.xml",
        "data/crm_rfm_segment_data.xml",
        "data/crm_lifecycle_stage_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_templates.xml",
        "wizard/abc_override_views.xml",
        "wizard/lifecycle_pin_views.xml",
        "wizard/portfolio_reassign_views.xml",
        "views/crm_customer_profile_views.xml",
        "views/crm_rfm_segment_views.xml",
        "views/crm_lifecycle_views.xml",
        "views/crm_customer_ownership_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "report/crm_customer_revenue_report_views.xml",
        "views/crm_industrial_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "crm_industrial/static/tests/tours/*.js",
        ],
    },
}
