# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Industrial Sales Performance",
    "summary": "Commissions weighted by customer satisfaction and retention, "
    "team splits, clawbacks, HR period closing and the salesperson scorecard",
    "version": "19.0.1.4.0",
    "category": "Sales/Commissions",
    "author": "CRM Industrial Team",
    "license": "AGPL-3",
    "depends": [
        "crm_key_account",
        "hr",
        "stock_landed_costs",
    ],
    "data": [
        "security/crm_performance_security.xml",
        "security/ir.model.access.csv",
        "security/crm_performance_rules.xml",
        "report/crm_commission_statement.xml",
        "data/mail_template_data.xml",
        "views/res_config_settings_views.xml",
        "views/crm_commission_plan_views.xml",
        "views/crm_commission_period_views.xml",
        "views/crm_commission_dispute_views.xml",
        "views/crm_commission_line_views.xml",
        "report/crm_commission_analysis_views.xml",
        "views/crm_scorecard_template_views.xml",
        "views/crm_salesperson_scorecard_views.xml",
        "wizard/crm_commission_period_wizard_views.xml",
        "wizard/crm_commission_payroll_export_views.xml",
        "views/crm_performance_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_performance/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
}
