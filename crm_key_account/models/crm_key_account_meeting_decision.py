# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmKeyAccountMeetingDecision(models.Model):
    """A decision of the annual meeting: work with an owner and a due date."""

    _name = "crm.key.account.meeting.decision"
    _description = "Annual Meeting Decision"
    _order = "meeting_id, sequence, id"

    meeting_id = fields.Many2one(
        "crm.key.account.meeting", required=True, index=True, ondelete="cascade"
    )
    key_account_id = fields.Many2one(
        related="meeting_id.key_account_id", store=True, index=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Decision", required=True)
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        domain="[('share', '=', False)]",
    )
    due_date = fields.Date(required=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, copy=False)
    plan_action_id = fields.Many2one(
        "crm.key.account.plan.action",
        string="Plan Action Item",
        readonly=True,
        copy=False,
        help="The action item the decision became in the account plan of the "
        "meeting's year.",
    )
    scheduled = fields.Boolean(
        readonly=True, copy=False, help="Its owner was given the work."
    )

    @api.constrains("owner_id")
    def _check_owner_internal(self):
        for decision in self:
            if decision.owner_id.share or not decision.owner_id.active:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot own a decision: only active internal "
                        "users can.",
                        user=decision.owner_id.name,
                    )
                )

    def _schedule(self):
        """Give each decision not yet scheduled to its owner: an action item
        of the account plan of the meeting's year when there is one still
        open (it schedules its own activity), else an activity on the key
        account."""
        todo = self.filtered(lambda d: not d.scheduled)
        if not todo:
            return
        plans = (
            self.env["crm.key.account.plan"]
            .sudo()
            .search(
                [
                    ("key_account_id", "in", todo.key_account_id.ids),
                    ("year", "in", list(set(todo.meeting_id.mapped("year")))),
                    ("state", "!=", "closed"),
                ]
            )
        )
        plan_of = {(plan.key_account_id, plan.year): plan for plan in plans}
        in_plan = todo.filtered(
            lambda d: (d.key_account_id, d.meeting_id.year) in plan_of
        )
        actions = (
            self.env["crm.key.account.plan.action"]
            .sudo()
            .create(
                [
                    {
                        "plan_id": plan_of[
                            (decision.key_account_id, decision.meeting_id.year)
                        ].id,
                        "name": decision.name,
                        "user_id": decision.owner_id.id,
                        "date_deadline": decision.due_date,
                        "note": self.env._(
                            "Decided at %(meeting)s.",
                            meeting=decision.meeting_id.display_name,
                        ),
                    }
                    for decision in in_plan
                ]
            )
        )
        for decision, action in zip(in_plan, actions, strict=True):
            decision.write(
                {
                    "plan_action_id": action.id,
                    "activity_id": action.activity_id.id,
                    "scheduled": True,
                }
            )
        outside = todo - in_plan
        if not outside:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("crm.key.account")
        activities = (
            self.env["mail.activity"]
            .sudo()
            .create(
                [
                    {
                        "res_model_id": model,
                        "res_id": decision.key_account_id.id,
                        "activity_type_id": activity_type.id,
                        "summary": decision.name,
                        "note": self.env._(
                            "Decided at %(meeting)s.",
                            meeting=decision.meeting_id.display_name,
                        ),
                        "user_id": decision.owner_id.id,
                        "date_deadline": decision.due_date,
                    }
                    for decision in outside
                ]
            )
        )
        for decision, activity in zip(outside, activities, strict=True):
            decision.write({"activity_id": activity.id, "scheduled": True})
