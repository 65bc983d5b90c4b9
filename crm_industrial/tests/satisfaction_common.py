# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, time

from odoo.tests import freeze_time

from .common import CrmIndustrialCommon


class SatisfactionCommon(CrmIndustrialCommon):
    """The two shipped surveys, a sales team, and answers given as customers do.

    Wang Fang (sales manager) leads East China Sales; Li Na is its member.
    Answers go through the company's invitation and the answer's completion,
    each on its own day.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.team"].search([]).action_archive()
        cls.team = cls.env["crm.team"].create(
            {
                "name": "East China Sales",
                "user_id": cls.user_sales_manager.id,
                "member_ids": [(6, 0, cls.user_salesman.ids)],
            }
        )
        cls.relationship = cls.env.ref("crm_industrial.survey_relationship")
        cls.transactional = cls.env.ref("crm_industrial.survey_transactional")
        cls.Answer = cls.env["survey.user_input"]
        cls.Score = cls.env["crm.satisfaction.score"]
        cls.contact_number = 0

    @classmethod
    def _customer(cls, name, salesperson=None, day="2025-01-02"):
        with freeze_time(day):
            return cls.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "user_id": salesperson and salesperson.id,
                }
            )

    @classmethod
    def _contact(cls, customer, name=None, role=None):
        cls.contact_number += 1
        name = name or f"Contact {cls.contact_number} of {customer.name}"
        return cls.env["res.partner"].create(
            {
                "name": name,
                "parent_id": customer.id,
                "email": f"contact{cls.contact_number}@customer.example.com",
                "crm_contact_role_id": role and role.id,
            }
        )

    @classmethod
    def _invite(cls, contact, day, survey=None, invitation="campaign", **values):
        with freeze_time(day):
            return cls.env["survey.user_input"]._crm_invite(
                survey or cls.relationship,
                cls.env.company,
                contact,
                invitation,
                **values,
            )

    @classmethod
    def _complete(cls, answer, day, nps=None, csat=None, comment=None):
        """Answer as the contact would: NPS, CSAT ratings by dimension, comment."""
        csat = csat or {}
        with freeze_time(day):
            for question in answer.survey_id.question_ids:
                if question.crm_score_role == "nps" and nps is not None:
                    answer._save_lines(question, str(nps))
                elif question.crm_csat_dimension in csat:
                    answer._save_lines(question, str(csat[question.crm_csat_dimension]))
                elif question.question_type == "text_box" and comment:
                    answer._save_lines(question, comment)
            answer._mark_done()
        return answer

    @classmethod
    def _answer(
        cls,
        customer,
        day,
        *,
        nps=None,
        csat=None,
        comment=None,
        invited_on=None,
        survey=None,
    ):
        """A new contact of ``customer`` invited, then answering on ``day``."""
        answer = cls._invite(cls._contact(customer), invited_on or day, survey=survey)
        return cls._complete(answer, day, nps=nps, csat=csat, comment=comment)

    def _recompute(self, today, company=None):
        return self.Score._recompute_company(company or self.env.company, today)

    def _score(self, dimension, customer=None, salesperson=None, team=None):
        if customer:
            domain = [("scope", "=", "customer"), ("partner_id", "=", customer.id)]
        elif salesperson:
            domain = [("scope", "=", "salesperson"), ("user_id", "=", salesperson.id)]
        elif team:
            domain = [("scope", "=", "team"), ("team_id", "=", team.id)]
        else:
            domain = [("scope", "=", "company")]
        return self.Score.search(
            [
                *domain,
                ("dimension", "=", dimension),
                ("company_id", "=", self.env.company.id),
            ]
        )

    @staticmethod
    def _at(day):
        return datetime.combine(date.fromisoformat(day), time(10, 0))
