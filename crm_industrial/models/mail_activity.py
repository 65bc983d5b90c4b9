# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    _crm_retention_open_unique = models.UniqueIndex(
        "(crm_retention_profile_id)"
        " WHERE active AND crm_retention_profile_id IS NOT NULL",
        "A customer has one open retention activity.",
    )

    crm_retention_profile_id = fields.Many2one(
        "crm.customer.profile",
        string="Retention Customer Profile",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    crm_retention_reasons = fields.Char(
        string="Retention Reasons",
        readonly=True,
        help="Codes of the reasons for the retention work, comma-separated: "
        "decline, dormant, value_drop.",
    )

    # ------------------------------------------------------------------
    # CRUD overrides
    # ------------------------------------------------------------------

    def unlink(self):
        """A retention activity cancelled by a person counts as handled."""
        cancelled = self.filtered(
            lambda activity: activity.active and activity.crm_retention_profile_id
        )
        if cancelled:
            cancelled._crm_retention_handled()
            for activity in cancelled.sudo():
                self.env[activity.res_model].sudo().browse(
                    activity.res_id
                ).message_post(
                    body=self.env._(
                        "Retention activity cancelled by %(user)s.",
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return super().unlink()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _action_done(self, feedback=False, attachment_ids=None):
        """Retention activities: done is done, and their figures stay hidden.

        Odoo posts the activity's note on the document's chatter when it is
        done; a retention note holds the figures of the customer's profile,
        which its chatter's readers may not see. Its feedback is posted, not
        its note. Unless the recompute closes it because its reasons ended,
        the customer's profile records that its reasons were handled.
        """
        retention = self.filtered("crm_retention_profile_id")
        messages, next_activities = super(MailActivity, self - retention)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        if not retention:
            return messages, next_activities
        if not self.env.context.get("crm_retention_auto_close"):
            retention._crm_retention_handled()
        for activity in retention:
            messages |= (
                self.env[activity.res_model]
                .sudo()
                .browse(activity.res_id)
                .message_post_with_source(
                    "crm_industrial.message_retention_done",
                    attachment_ids=attachment_ids,
                    author_id=self.env.user.partner_id.id,
                    render_values={
                        "activity": activity,
                        "feedback": feedback,
                        "display_assignee": activity.user_id != self.env.user,
                    },
                    mail_activity_type_id=activity.activity_type_id.id,
                    subtype_xmlid="mail.mt_activities",
                )
            )
        retention.action_archive()
        if feedback:
            retention.feedback = feedback
        return messages, next_activities

    def _crm_retention_handled(self):
        """Record on each customer's profile that these reasons were handled today."""
        today = fields.Date.context_today(self)
        for activity in self.sudo():
            activity.crm_retention_profile_id.write(
                {
                    "retention_done_date": today,
                    "retention_done_reasons": activity.crm_retention_reasons,
                    "retention_state": "handled",
                }
            )
