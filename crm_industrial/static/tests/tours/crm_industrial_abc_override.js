/* Copyright 2026 CRM Industrial Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_industrial_abc_override", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open the CRM app"),
        {
            content: "Open the Customer Intelligence menu",
            trigger: 'button[data-menu-xmlid="crm_industrial.menu_customer_intelligence"]',
            run: "click",
        },
        {
            content: "Open the customer profiles",
            trigger: 'a[data-menu-xmlid="crm_industrial.menu_customer_profile"]',
            run: "click",
        },
        {
            content: "Open the smaller customer",
            trigger: '.o_data_row td[name="partner_id"]:contains("Nanjing Resin Chemicals")',
            run: "click",
        },
        {
            content: "It is a new customer: exploration",
            trigger: '.o_field_widget[name="lifecycle_stage_id"]:contains("Exploration")',
        },
        {
            content: "Its computed class is B",
            trigger: '.o_field_widget[name="abc_class"]:contains("B")',
        },
        {
            content: "Override the class",
            trigger: 'button[name="crm_industrial.crm_customer_abc_override_action"], .o_form_view button:contains("Override Class")',
            run: "click",
        },
        {
            content: "Choose class A",
            trigger: '.modal .o_field_widget[name="abc_class"] input[data-value="a"]',
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: '.modal .o_field_widget[name="reason"] input',
            run: "edit Strategic: new resin plant in 2027",
        },
        {
            content: "Apply",
            trigger: '.modal button[name="action_apply"]',
            run: "click",
        },
        {
            content: "The class is now A, set by hand",
            trigger: '.o_field_widget[name="abc_class_manual"]:contains("A")',
        },
        {
            content: "The effective class is A",
            trigger: '.o_field_widget[name="abc_class"]:contains("A")',
        },
    ],
});
