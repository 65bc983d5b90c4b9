# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

import numpy as np

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from ..models import churn_learning, crm_churn_model
from ..models.crm_churn_model import CrmChurnModel
from ..models.crm_churn_snapshot import REASON_GROUPS, REASON_RULES
from .churn_common import TODAY, ChurnCommon
from .common import SALES_MANAGER


@tagged("post_install", "-at_install")
class TestChurnModel(ChurnCommon):
    """The synthetic history of ``ChurnCommon`` before it is learned from:
    the settings, the month ends learned from, too short a history. Its
    first 20 customers are enough for that."""

    history_customers = 20

    def test_not_enough_history(self):
        """On 2024-12-31, month ends January to June 2024 have passed their
        horizon: 6, fewer than 12. No model, the company and its customers'
        profiles say why, and nobody is scored."""
        result = self._train(today=date(2024, 12, 31))
        self.assertFalse(result.failures)
        self.assertFalse(self._model())
        self.assertIn("6 month ends", self.company.churn_training_error)
        profile = self.env["crm.customer.profile"].search(
            [("partner_id", "=", self.customers[0].id)]
        )
        self.assertFalse(profile.churn_band)
        self.assertIn("Not enough history", profile.churn_reason_text)
        self.assertFalse(
            self.env["crm.customer.churn"].search_count(
                [("company_id", "=", self.company.id)]
            )
        )

    def test_measured_on_customers_that_left_and_that_stayed(self):
        """The held-out months (the last 6 of 2025's 12 month ends) need 10
        customers that became dormant and 10 that stayed, or the model's
        AUC and lift could not be measured: 20 snapshots a month, 3 of them
        dormant before July, then all but 1 (6 stayed), then all but 2
        (12 stayed)."""
        Model = self.env["crm.churn.model"]
        months = [date(2025, month, 28) for month in range(1, 13)]
        periods = np.repeat([Model._period(day) for day in months], 20)
        labels = np.zeros(240, dtype=bool)
        for index, _day in enumerate(months):
            labels[index * 20 : index * 20 + (3 if index < 6 else 19)] = True
        data = (np.zeros((240, 1)), labels, periods, 100.0)
        problem = Model._not_enough_events(data, months)
        self.assertIn("6 active customers stayed", problem)
        for index in range(6, 12):
            labels[index * 20 + 18] = False
        self.assertFalse(Model._not_enough_events(data, months))

    def test_bad_settings_are_refused(self):
        for values in (
            {"churn_horizon_months": 0},
            {"churn_horizon_months": 25},
            {"churn_medium_pct": 0},
            {"churn_medium_pct": 50, "churn_high_pct": 40},
            {"churn_high_pct": 101},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.company.write(values)
                self.env.flush_all()
        self.company.write({"churn_medium_pct": 30, "churn_high_pct": 60})
        self.assertEqual(self.company.churn_high_pct, 60)

    def test_training_month_ends(self):
        """Each month end whose 6-month horizon has passed, from the first
        invoice's month: on 2026-06-30, December 2025's has (2026-06-30),
        on 2026-06-29 it has not."""
        Model = self.env["crm.churn.model"]
        months = Model._training_months(self.company, TODAY)
        self.assertEqual(
            (months[0], months[-1]), (date(2024, 1, 31), date(2025, 12, 31))
        )
        self.assertEqual(len(months), 24)
        months = Model._training_months(self.company, date(2026, 6, 29))
        self.assertEqual(months[-1], date(2025, 11, 30))


class ChurnTrainedModelTests:
    """Learned once from the synthetic history of ``ChurnCommon``, then
    read. Run on the trained history of ``test_churn_trained``."""

    def test_a_long_history_is_trained_in_the_background(self):
        """Above 1 000 snapshots (the history bounds some 3 000), a sales
        manager's *Train Now* queues the training: nothing is trained in
        the request, a second start is refused; the scheduler trains it,
        its step shown as it goes (one per month end, then the learning),
        and tells the manager."""
        manager = self._new_user("churn_queuer", "Zhou Lan", SALES_MANAGER)
        models = self.env["crm.churn.model"].with_user(manager)
        first = self._model()
        with (
            patch.object(crm_churn_model, "REQUEST_SNAPSHOTS", 1000),
            freeze_time(TODAY),
        ):
            action = models.action_train()
            self.assertEqual(action["params"]["title"], "Churn models queued")
            with self.assertRaisesRegex(UserError, "already being trained"):
                models.action_train()
        self.assertEqual(self._model(), first)
        job = self.env["crm.recompute.job"].search(
            [("res_model", "=", "res.company"), ("res_id", "=", self.company.id)]
        )
        self.assertRecordValues(
            job,
            [
                {
                    "name": f"Churn model of {self.company.name}",
                    "state": "queued",
                    "user_id": manager.id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertGreater(job.size, 1000)
        seen = []
        train = churn_learning.train

        def watched(*args, **kwargs):
            job.invalidate_recordset()  # as the list of computations reads it
            seen.append((job.state, job.step_name, round(job.progress)))
            return train(*args, **kwargs)

        self.env.flush_all()
        with (
            patch.object(churn_learning, "train", watched),
            freeze_time(TODAY),
            self.enter_registry_test_mode(),
        ):
            cron = self.env.ref("crm_industrial.ir_cron_run_recompute_jobs")
            cron.sudo().method_direct_trigger()
        self.env.invalidate_all()
        # 24 month ends, then the learning: step 25 of 25
        [(state, step_name, progress)] = seen
        self.assertEqual((state, progress), ("running", round(100 * 24 / 25)))
        self.assertIn("Learning from", step_name)
        self.assertEqual(job.state, "done")
        self.assertIn("is trained", job.message)
        self.assertNotEqual(self._model(), first)

    def test_failed_training_keeps_the_previous_model_others_go_on(self):
        """One company's training fails: its previous model stays in use and
        the failure is shown on it; the other company is trained."""
        kept = self._model()
        other = self.env["res.company"].create({"name": "Churn Test Second Works"})
        self.env.user.company_ids |= other
        original = CrmChurnModel._training_data

        def failing(model, company, months):
            if company == self.company:
                raise ValueError("a snapshot that cannot be read")
            return original(model, company, months)

        with patch.object(CrmChurnModel, "_training_data", failing):
            result = self._train(self.company | other)
        self.assertIn(self.company, result.failures)
        self.assertNotIn(other, result.failures)
        self.assertEqual(self._model(), kept)
        self.assertTrue(kept.active)
        self.assertIn("could not be trained", self.company.churn_training_error)
        # the other company has no history: told so, not failed
        self.assertIn("Not enough history", other.churn_training_error)

    def _todays_snapshots(self):
        """The snapshots the nightly run scored on 2026-06-30."""
        customers = SQL(
            "SELECT partner_id FROM crm_customer_profile WHERE company_id = %s",
            self.company.id,
        )
        self.env.cr.execute(
            self.env["crm.churn.snapshot"]._snapshot_sql(self.company, customers, TODAY)
        )
        return self.env.cr.dictfetchall()

    def test_learns_the_drivers_and_ranks_the_hold_out(self):
        """Month ends January 2024 to December 2025 have passed their 6-month
        horizon by 2026-06-30: 24, the last 6 (July to December 2025) held
        out. The model ranks the hold-out's customers with AUC >= 0.8, the
        riskiest tenth more than twice as often dormant as all; complaints
        and a fall in invoices raise the risk."""
        self.assertFalse(self.result.failures)
        model = self._model()
        self.assertEqual(len(model), 1)
        self.assertEqual(model.snapshot_from, date(2024, 1, 31))
        self.assertEqual(model.snapshot_to, date(2025, 12, 31))
        self.assertEqual(model.holdout_from, date(2025, 7, 31))
        self.assertGreaterEqual(model.auc, 0.8)
        self.assertGreater(model.lift_top_decile, 2.0)
        self.assertGreater(model.holdout_events, 10)
        coefficient = {line.feature: line.coefficient for line in model.coefficient_ids}
        self.assertGreater(coefficient["complaint_count"], 0)
        self.assertLess(coefficient["frequency_trend"], 0)
        self.assertGreater(coefficient["dormancy_closeness"], 0)
        # a row per decile and series, the deciles' snapshots the hold-out's
        observed = model.calibration_ids.filtered(lambda row: row.series == "observed")
        self.assertEqual(observed.mapped("decile"), list(range(1, 11)))
        self.assertEqual(sum(observed.mapped("rows")), model.holdout_rows)
        self.assertFalse(self.company.churn_training_error)

    def test_leavers_are_scored_riskier(self):
        """Scored on 2026-06-30: the customers still active there and
        leaving in May or June 2026 (4 months of fewer invoices and
        complaints behind them) are riskier, on average, than those that
        stay."""
        churns = self.env["crm.customer.churn"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertTrue(churns)
        leaving = [
            churn.risk_pct
            for churn in churns
            if self.leavers.get(churn.partner_id, date.max) > date(2026, 4, 30)
            and churn.partner_id in self.leavers
        ]
        staying = [
            churn.risk_pct for churn in churns if churn.partner_id not in self.leavers
        ]
        self.assertTrue(leaving and staying)
        self.assertGreater(sum(leaving) / len(leaving), 2 * sum(staying) / len(staying))
        # a risk is a percentage; its band follows the company's thresholds
        for churn in churns:
            self.assertTrue(0 <= churn.risk_pct <= 100)
            expected = (
                "high"
                if churn.risk_pct >= self.company.churn_high_pct
                else "medium"
                if churn.risk_pct >= self.company.churn_medium_pct
                else "low"
            )
            self.assertEqual(churn.band, expected)

    def test_scored_in_sql_as_the_model_predicts(self):
        """The nightly statement's risk is the model's probability
        (``churn_learning.predict`` on the same snapshots), in whole
        percent."""
        model = self._model()
        fitted = churn_learning.Fitted(
            features=tuple(model.coefficient_ids.mapped("feature")),
            means=tuple(model.coefficient_ids.mapped("mean")),
            scales=tuple(model.coefficient_ids.mapped("scale")),
            coefficients=tuple(model.coefficient_ids.mapped("coefficient")),
            intercept=model.intercept,
            regularisation=model.regularisation,
        )
        rows = self._todays_snapshots()
        features = np.array([[row[code] for code in fitted.features] for row in rows])
        predicted = dict(
            zip(
                [row["partner_id"] for row in rows],
                churn_learning.predict(fitted, features),
                strict=True,
            )
        )
        churns = self.env["crm.customer.churn"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(set(churns.partner_id.ids), set(predicted))
        for churn in churns:
            self.assertEqual(
                churn.risk_pct, round(100 * predicted[churn.partner_id.id])
            )

    def test_reasons_are_the_strongest_risky_features(self):
        """Each risk's reasons: of the features whose coefficient goes the
        way the practice knows (REASON_RULES) and whose value is past its
        point, those that make the customer riskier than the average one,
        a reason told once by the strongest of its features
        (REASON_GROUPS), at most 3, strongest first; worked out here from
        the stored model and the day's snapshots."""
        lines = self._model().coefficient_ids
        rows = {row["partner_id"]: row for row in self._todays_snapshots()}
        told = 0
        for churn in self.env["crm.customer.churn"].search(
            [("company_id", "=", self.company.id)]
        ):
            row = rows[churn.partner_id.id]
            strengths = {}
            for line in lines:
                direction, point = REASON_RULES.get(line.feature, (0, None))
                value = row[line.feature]
                strength = line.coefficient * (value - line.mean) / line.scale
                if (
                    line.coefficient * direction > 0
                    and (point is None or (value - point) * direction > 0)
                    and strength > 0
                ):
                    reason = REASON_GROUPS.get(line.feature, line.feature)
                    strengths[reason] = max(strengths.get(reason, 0), strength)
            expected = [
                reason
                for _strength, reason in sorted(
                    (-strength, reason) for reason, strength in strengths.items()
                )[:3]
            ]
            self.assertEqual(churn.reasons, expected)
            told += bool(expected)
        self.assertTrue(told)
