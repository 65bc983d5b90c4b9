/* Copyright 2026 CRM Industrial Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// A sales manager opens the customer and reads its satisfaction; the test
// starts it on the customer's form.
registry.category("web_tour.tours").add("crm_industrial_satisfaction_score", {
    steps: () => [
        {
            content: "Open the Satisfaction tab",
            trigger: '.o_notebook_headers a[name="crm_satisfaction"]',
            run: "click",
        },
        {
            content: "The NPS of five answers, with its margin of error",
            trigger:
                '.o_field_widget[name="crm_satisfaction_score_ids"] tr:has(td:contains("NPS")) td:contains("+40 ± 70")',
        },
        {
            content: "Five answers",
            trigger:
                '.o_field_widget[name="crm_satisfaction_score_ids"] tr:has(td:contains("NPS")) td[name="answer_count"]:contains("5")',
        },
        {
            content: "The contact's words",
            trigger:
                '.o_field_widget[name="crm_survey_answer_ids"] td:contains("Rail shipments in the typhoon season")',
        },
    ],
});
