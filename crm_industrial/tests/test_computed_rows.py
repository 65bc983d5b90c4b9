# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestComputedRows(TransactionCase):
    """The one write of ``crm.computed.rows``, on two of its tables: the
    complaint figures (stamped rows, a required key) and the satisfaction
    scores (no stamps, nullable key columns). A column a row does not give
    is empty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.Complaint = cls.env["crm.complaint.score"]
        cls.Score = cls.env["crm.satisfaction.score"]
        cls.scope = SQL("old.company_id = %s", cls.company.id)

    def _names(self, model):
        """The key and computed columns of ``model`` but the company, which
        the statements below add."""
        return [
            name
            for name in (*model._computed_key, *model._computed_columns)
            if name != "company_id"
        ]

    def _complaints(self, *rows):
        """``rows`` of (scope, subject key, complaints, per 100 deliveries)."""
        return self.Complaint._computed_rows_write(
            SQL(
                "SELECT %s AS company_id, row.* FROM (%s) row",
                self.company.id,
                self.Complaint._computed_rows_json(
                    [
                        {
                            "scope": scope,
                            "subject_key": key,
                            "complaint_count": count,
                            "per_100_deliveries": rate,
                        }
                        for scope, key, count, rate in rows
                    ],
                    self._names(self.Complaint),
                ),
            ),
            self.scope,
        )

    def _stored(self):
        return {
            (score.scope, score.subject_key): score
            for score in self.Complaint.search([("company_id", "=", self.company.id)])
        }

    def test_inserts_updates_deletes_only_what_changed(self):
        self.assertEqual(
            self._complaints(("company", 0, 3, 1.5), ("category", 7, 1, None)), 2
        )
        company = self._stored()[("company", 0)]
        self.assertEqual(company.complaint_count, 3)
        self.assertEqual(company.create_uid, self.env.user)
        # the same rows again: nothing written
        self.assertEqual(
            self._complaints(("company", 0, 3, 1.5), ("category", 7, 1, None)), 0
        )
        # one figure changes, one subject goes, one comes: three rows
        self.assertEqual(
            self._complaints(("company", 0, 4, 1.5), ("salesperson", 9, 2, None)), 3
        )
        stored = self._stored()
        self.assertEqual(set(stored), {("company", 0), ("salesperson", 9)})
        self.assertEqual(stored[("company", 0)], company)
        self.assertEqual(company.complaint_count, 4)

    def test_nullable_key_columns_match_empty_ones(self):
        """A company score has no customer, salesperson or team: computed
        again, it is the same row, not a second one."""
        rows = [
            {"scope": "company", "dimension": "nps", "answer_count": 5, "score": 20},
            {
                "scope": "customer",
                "dimension": "nps",
                "partner_id": self.company.partner_id.id,
                "answer_count": 2,
                "score": 50,
            },
        ]

        def write(rows):
            return self.Score._computed_rows_write(
                SQL(
                    "SELECT %s AS company_id, row.* FROM (%s) row",
                    self.company.id,
                    self.Score._computed_rows_json(rows, self._names(self.Score)),
                ),
                self.scope,
            )

        self.Score.search([("company_id", "=", self.company.id)]).unlink()
        self.assertEqual(write(rows), 2)
        self.assertEqual(write(rows), 0)
        rows[0]["score"] = 25
        self.assertEqual(write(rows), 1)
        scores = self.Score.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted(scores.mapped("score")),
            [25.0, 50.0],
        )

    def test_records_compare_as_their_fields_store_them(self):
        """The ORM twin: a score of 2 decimals differs from 20.004 by
        nothing, from 20.01 by a cent; a relation compares by id."""
        self.Score.search([("company_id", "=", self.company.id)]).unlink()
        score = self.Score.create(
            {
                "company_id": self.company.id,
                "scope": "company",
                "dimension": "nps",
                "answer_count": 5,
                "score": 20.0,
            }
        )
        differs = self.Score._computed_differs
        self.assertFalse(differs(score, {"score": 20.004, "answer_count": 5}))
        self.assertTrue(differs(score, {"score": 20.01}))
        self.assertTrue(differs(score, {"answer_count": 6}))
        self.assertFalse(differs(score, {"company_id": self.company}))
        self.assertFalse(differs(score, {"company_id": self.company.id}))
        # written, gone and created by key
        other = score.copy({"dimension": "csat", "score": 4.2})
        records, written = self.Score._computed_records_write(
            score | other,
            {"nps": {"score": 20.004}, "delivery": {"score": 3.0}},
            lambda record: record.dimension,
            lambda dimension: {
                "company_id": self.company.id,
                "scope": "company",
                "dimension": dimension,
            },
        )
        # nothing to write on the NPS score, the CSAT one gone, one created
        self.assertEqual(written, 2)
        self.assertEqual(records["nps"], score)
        self.assertFalse(other.exists())
        self.assertEqual(records["delivery"].score, 3.0)
