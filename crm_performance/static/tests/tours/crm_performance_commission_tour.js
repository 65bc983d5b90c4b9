/* Copyright 2026 CRM Industrial Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// The sales manager approves the salespeople of the teams they lead; the
// test starts it on the computed period's form.
registry.category("web_tour.tours").add("crm_performance_commission_approve", {
    steps: () => [
        {
            content: "Approve the salespeople of my teams",
            trigger: '.o_form_view .o_form_statusbar button[name="action_approve"]',
            run: "click",
        },
        {
            content: "Liu Yang is approved by me",
            trigger: '.o_field_widget[name="summary_ids"] .o_data_row:contains("Liu Yang") td[name="approved_by_id"]:contains("Yang Lei")',
        },
        {
            content: "Nobody of my teams is left to approve",
            trigger: '.o_form_view .o_form_statusbar:not(:has(button[name="action_approve"]))',
        },
    ],
});

// HR approves the salespeople nobody leads and validates the period; the
// test starts it on the period's form.
registry.category("web_tour.tours").add("crm_performance_commission_validate", {
    steps: () => [
        {
            content: "Approve the salespeople nobody leads",
            trigger: '.o_form_view .o_form_statusbar button[name="action_approve"]',
            run: "click",
        },
        {
            content: "Validate the approved period",
            trigger: '.o_form_view .o_form_statusbar button[name="action_validate"]',
            run: "click",
        },
        {
            content: "The period is validated and can go to payroll",
            trigger: '.o_form_view .o_form_statusbar button:contains("Export to Payroll")',
        },
    ],
});

// HR prints a salesperson's statement of the period; the test starts it on
// the commissions by salesperson.
registry.category("web_tour.tours").add("crm_performance_commission_statement", {
    steps: () => [
        {
            content: "Unfold June 2026",
            trigger: '.o_list_view .o_group_header:contains("2026-06")',
            run: "click",
        },
        {
            content: "Select Liu Yang's commission",
            trigger: '.o_list_view .o_data_row:contains("Liu Yang") .o_list_record_selector input',
            run: "click",
        },
        {
            content: "Open the print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print the commission statement",
            trigger: '.o-dropdown-item:contains("Commission Statement")',
            run(helpers) {
                // the screen is blocked until the statement is downloaded:
                // mark its end, for the tour not to end before the download
                const { ui } = odoo.__WOWL_DEBUG__.root.env.services;
                ui.bus.addEventListener(
                    "UNBLOCK",
                    () => document.body.classList.add("o_test_statement_printed"),
                    { once: true }
                );
                return helpers.click();
            },
        },
        {
            content: "The list is shown again once the statement is downloaded",
            trigger: 'body.o_test_statement_printed .o_list_view .o_data_row:contains("Liu Yang")',
        },
    ],
});
