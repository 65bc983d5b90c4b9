# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

ACTION_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("carried_over", "Carried Over"),
]


class CrmKeyAccountPlanAction(models.Model):
    """An action item of the account plan, owned by a user, due on a date.

    Creating it schedules a to-do activity on the plan for its owner; marking
    that activity done closes the item, and closing the item marks the
    activity done. Its owner may close it without editing the plan.
    """

    _name = "crm.key.account.plan.action"
    _description = "Key Account Plan Action Item"
    _order = "plan_id, state, date_deadline, id"

    plan_id = fields.Many2one(
        "crm.key.account.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    date_deadline = fields.Date(
        string="Due Date",
        required=True,
        default=fields.Date.context_today,
    )
    note = fields.Text()
    state = fields.Selection(
        ACTION_STATES, required=True, default="open", readonly=True, copy=False
    )
    done_date = fields.Date(readonly=True, copy=False)
    activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The owner's to-do activity on the plan.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("user_id"):
                raise ValidationError(
                    self.env._(
                        "The action item %(action)s needs an owner.",
                        action=vals.get("name") or "",
                    )
                )
        actions = super().create(vals_list)
        if not self.env.context.get("crm_plan_defer_activities"):
            actions._schedule_activities()
        return actions

    @api.constrains("user_id")
    def _check_owner(self):
        for action in self:
            if not action.user_id or action.user_id.share:
                raise ValidationError(
                    self.env._(
                        "The action item %(action)s needs an internal user as "
                        "its owner.",
                        action=action.name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if {"name", "user_id", "date_deadline", "note"} & set(vals):
            for action in self.filtered(
                lambda action: action.state == "open" and action.activity_id.active
            ):
                action.activity_id.sudo().write(action._activity_values())
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_open_activities(self):
        self.activity_id.filtered("active").sudo().unlink()

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _activity_values(self):
        self.ensure_one()
        return {
            "summary": self.name,
            "user_id": self.user_id.id,
            "date_deadline": self.date_deadline,
            "note": self.note,
        }

    def _schedule_activities(self):
        for action in self.filtered(lambda action: action.state == "open"):
            values = action._activity_values()
            action.activity_id = action.plan_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=values.pop("date_deadline"),
                summary=values.pop("summary"),
                **values,
            )

    def _mark_done(self):
        """Close the items whose activities were just marked done."""
        self.sudo().write(
            {"state": "done", "done_date": fields.Date.context_today(self)}
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        """Close the items and mark their owners' activities done."""
        for action in self:
            if self.env.user != action.user_id and not action.has_access("write"):
                raise AccessError(
                    self.env._(
                        "Only the owner of %(action)s or who may edit its plan "
                        "closes it.",
                        action=action.name,
                    )
                )
        open_actions = self.filtered(lambda action: action.state == "open")
        open_actions._mark_done()
        activities = open_actions.activity_id.filtered("active")
        if activities:
            activities.sudo().action_feedback(
                feedback=self.env._(
                    "Action item closed by %(user)s.", user=self.env.user.name
                )
            )
        return True

    def _carry_over(self, next_plan):
        """These items continue in next year's plan: close them here and
        drop their activities (the new plan scheduled its own)."""
        self.activity_id.filtered("active").sudo().unlink()
        self.sudo().write({"state": "carried_over"})
        for plan in self.plan_id:
            plan.message_post(
                body=self.env._(
                    "%(count)s open action items carried over to %(plan)s.",
                    count=len(
                        self.filtered(lambda action, p=plan: action.plan_id == p)
                    ),
                    plan=next_plan.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _next_year_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "user_id": self.user_id.id,
            "date_deadline": self.date_deadline,
            "note": self.note,
        }
