# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Industrial Key Account Management",
    "summary": "Key-account selection, account teams and plans, visits, "
    "service levels, share of wallet and account health",
    "version": "19.0.1.2.0",
    "category": "Sales/CRM",
    "author": "CRM Industrial Team",
    "license": "AGPL-3",
    "depends": [
        "crm_industrial",
        "sale_stock",
        "calendar",
    ],
    "data": [
        "security/crm_key_account_security.xml",
        "security/ir.model.access.csv",
        "security/crm_key_account_rules.xml",
        "security/crm_key_account_plan_rules.xml",
        "data/crm_key_account_data.xml",
        "data/mail_activity_type_data.xml",
        "views/res_config_settings_views.xml",
        "views/crm_key_account_views.xml",
        "views/crm_key_account_meeting_views.xml",
        "security/crm_key_account_service_level_rules.xml",
        "views/crm_key_account_service_level_views.xml",
        "security/crm_key_account_health_rules.xml",
        "data/crm_key_account_health_data.xml",
        "views/res_config_settings_health_views.xml",
        "views/crm_key_account_health_views.xml",
        "report/crm_key_account_plan_report.xml",
        "views/crm_key_account_plan_views.xml",
        "views/crm_key_account_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "crm_key_account/static/tests/tours/*.js",
        ],
    },
}
