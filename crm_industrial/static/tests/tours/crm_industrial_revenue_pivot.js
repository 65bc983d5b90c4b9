/* Copyright 2026 CRM Industrial Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_industrial_revenue_pivot", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open the CRM app"),
        {
            content: "Open the Customer Intelligence menu",
            trigger: 'button[data-menu-xmlid="crm_industrial.menu_customer_intelligence"]',
            run: "click",
        },
        {
            content: "Open the invoiced revenue by customer",
            trigger: 'a[data-menu-xmlid="crm_industrial.menu_customer_revenue_pivot"]',
            run: "click",
        },
        {
            content: "The customer with the most revenue has its row",
            trigger: '.o_pivot tr:has(th:contains("Changchun Axle Works"))',
        },
        {
            content: "Its revenue is net of the credit note",
            trigger:
                '.o_pivot tr:has(th:contains("Changchun Axle Works")) td:last-child:contains("13,500.00")',
        },
    ],
});
