/* Copyright 2026 CRM Industrial Team
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// A customer's contact answers the relationship survey through the link of
// the invitation; the test starts it at the answer's own URL.
registry.category("web_tour.tours").add("crm_industrial_satisfaction_answer", {
    steps: () => [
        {
            content: "Start the survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        {
            content: "Would recommend us: 9",
            trigger: 'div.js_question-wrapper:contains("recommend us") label:contains("9")',
            run: "click",
        },
        {
            content: "Product quality: 5",
            trigger:
                'div.js_question-wrapper:contains("quality of our products") label:contains("5")',
            run: "click",
        },
        {
            content: "Deliveries: 4",
            trigger: 'div.js_question-wrapper:contains("our deliveries") label:contains("4")',
            run: "click",
        },
        {
            content: "A comment",
            trigger: 'div.js_question-wrapper:contains("What should we do better") textarea',
            run: "edit Rail shipments in the typhoon season kept our line running.",
        },
        {
            content: "Submit",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Thanked",
            trigger: 'p:contains("Thank you for your answers")',
        },
    ],
});
