/* Copyright 2026 CRM Industrial Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// The key-account manager opens the key account, adds an action item to its
// plan and prints the plan; the test starts it on the key account's form.
registry.category("web_tour.tours").add("crm_key_account_plan", {
    steps: () => [
        {
            content: "Open the key account's plans",
            trigger: '.o_form_view .oe_stat_button:contains("Plans")',
            run: "click",
        },
        {
            content: "Open this year's plan",
            trigger: '.o_data_row td[name="year"]:contains("2026")',
            run: "click",
        },
        {
            content: "Open the action items",
            trigger: '.o_notebook_headers a[name="action_items"]',
            run: "click",
        },
        {
            content: "Add an action item",
            trigger: '.o_field_widget[name="action_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Name it",
            trigger: '.o_field_widget[name="action_ids"] .o_data_row .o_field_widget[name="name"] input',
            run: "edit Plant audit before the start of production",
        },
        {
            content: "Give it an owner",
            trigger: '.o_field_widget[name="action_ids"] .o_data_row .o_field_widget[name="user_id"] input',
            run: "edit Liu Yang",
        },
        {
            content: "Choose Liu Yang",
            trigger: '.o-autocomplete--dropdown-item a:contains("Liu Yang")',
            run: "click",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The item is saved and open",
            trigger: '.o_form_saved .o_field_widget[name="action_ids"] .o_data_row:contains("Plant audit before the start of production") td[name="state"]:contains("Open")',
        },
        {
            content: "Print the plan",
            trigger: '.o_form_view .o_form_statusbar button:contains("Print")',
            run: "click",
        },
        {
            content: "The plan is still shown once printed",
            trigger: '.o_form_saved .o_field_widget[name="name"]:contains("Changchun Axle Works 2026")',
        },
    ],
});
