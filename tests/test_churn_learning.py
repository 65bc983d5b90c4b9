# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The churn risk is learnt from history: ranked, calibrated and readable.

A synthetic history with known drivers of churn: the true probability of each
row is a known logistic function of its features, its outcome is drawn from
it, so what the model learns can be checked against what generated the data.
"""

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

# the addon's package imports Odoo; its learning module does not
LEARNING_PATH = (
    Path(__file__).resolve().parent.parent / "crm_industrial/models/churn_learning.py"
)


def load_learning(name="churn_learning"):
    spec = importlib.util.spec_from_file_location(name, LEARNING_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


churn_learning = load_learning()

FEATURES = (
    "recency_ratio",  # days since the last order / the customer's usual interval
    "revenue_trend",  # last 6 months' revenue / the 6 before, minus 1
    "complaints",  # complaints in the last 6 months
    "on_time_rate",  # share of deliveries on time; 0 when it had none
    "on_time_missing",  # 1 when it had no delivery to measure
    "noise",  # unrelated to churn
)
# The generating model, in the features' own units. Missing on-time figures
# come as 0, so the indicator's -1.6 against the -3.0 * 0.8 of an average
# on-time rate makes an unmeasured customer 0.8 log-odds riskier.
TRUE_COEFFICIENTS = np.array([1.8, -2.5, 0.8, -3.0, -1.6, 0.0])
TRUE_INTERCEPT = -2.6
PERIODS = 24
CUSTOMERS = 1500
FIRST_PERIOD = 2024 * 12 + 1  # January 2024, as year * 12 + month


def synthetic_history(seed=20260101):
    """Rows of 24 month ends x 1 500 customers, shuffled; their periods."""
    rng = np.random.default_rng(seed)
    rows = PERIODS * CUSTOMERS
    missing = (rng.random(rows) < 0.15).astype(float)
    X = np.column_stack(
        [
            rng.gamma(2.0, 0.6, rows),
            rng.normal(0.0, 0.3, rows),
            rng.poisson(0.4, rows).astype(float),
            np.where(missing == 1.0, 0.0, rng.beta(8.0, 2.0, rows)),
            missing,
            rng.normal(0.0, 1.0, rows),
        ]
    )
    probability = 1.0 / (1.0 + np.exp(-(TRUE_INTERCEPT + X @ TRUE_COEFFICIENTS)))
    y = (rng.random(rows) < probability).astype(np.int64)
    periods = FIRST_PERIOD + np.repeat(np.arange(PERIODS), CUSTOMERS)
    # the rows in no particular order: the hold-out is found by period
    order = rng.permutation(rows)
    return X[order], y[order], periods[order]


@pytest.fixture(scope="module")
def history():
    return synthetic_history()


@pytest.fixture(scope="module")
def trained(history):
    X, y, periods = history
    return churn_learning.train(X, y, periods, FEATURES)


def test_the_synthetic_base_rate(history):
    """The generator gives the 10-20 % churn of the brief."""
    assert 0.10 <= history[1].mean() <= 0.20


def test_held_out_rows_are_ranked_and_calibrated(trained):
    _fitted, metrics = trained
    # the true model ranks these rows with an AUC of about 0.87
    assert metrics.auc >= 0.8
    assert [row[0] for row in metrics.calibration] == list(range(1, 11))
    for decile, rows, predicted, observed in metrics.calibration:
        # 900 rows a decile: one standard error is under 2 points
        assert rows == 900
        assert abs(observed - predicted) <= 0.05, decile
    # the riskiest tenth churns far more often than the average customer
    assert metrics.lift_top_decile > 3


def test_coefficients_have_the_signs_of_the_drivers(history, trained):
    X, _y, periods = history
    fitted, _metrics = trained
    coefficients = dict(zip(fitted.features, fitted.coefficients, strict=True))
    for feature, truth in zip(FEATURES[:-1], TRUE_COEFFICIENTS[:-1], strict=True):
        assert np.sign(coefficients[feature]) == np.sign(truth), feature
        # the weakest drivers move the log-odds by half a point per std
        assert abs(coefficients[feature]) > 0.3, feature
    # one standard error of a standardised coefficient on 27 000 rows is 0.02
    assert abs(coefficients["noise"]) < 0.06
    # back in the features' own units, they are the generating model's, within
    # 4 standard errors of the maximum likelihood estimate on the training rows
    own_units = np.array(fitted.coefficients) / np.array(fitted.scales)
    intercept = fitted.intercept - float(own_units @ np.array(fitted.means))
    learnt = np.concatenate([[intercept], own_units])
    truth = np.concatenate([[TRUE_INTERCEPT], TRUE_COEFFICIENTS])
    earlier = periods < FIRST_PERIOD + PERIODS - 6
    design = np.column_stack([np.ones(np.count_nonzero(earlier)), X[earlier]])
    p = 1.0 / (1.0 + np.exp(-(design @ truth)))
    information = design.T @ (design * (p * (1.0 - p))[:, None])
    errors = np.sqrt(np.diag(np.linalg.inv(information)))
    assert np.all(np.abs(learnt - truth) < 4 * errors)


def test_predict_is_sklearns_predict_proba(history):
    X, y = history[0][:9000], history[1][:9000]
    means, scales = X.mean(axis=0), X.std(axis=0)
    standardised = (X - means) / scales
    # converged as tightly as fit converges
    model = LogisticRegression(C=1.0, max_iter=1000, tol=1e-10)
    model.fit(standardised, y)
    fitted = churn_learning.Fitted(
        features=FEATURES,
        means=tuple(means),
        scales=tuple(scales),
        coefficients=tuple(model.coef_[0]),
        intercept=float(model.intercept_[0]),
        regularisation=1.0,
    )
    expected = model.predict_proba(standardised)[:, 1]
    assert churn_learning.predict(fitted, X) == pytest.approx(expected, abs=1e-9)
    # fit standardises the same way and reaches the same model
    ours = churn_learning.fit(X, y, FEATURES, 1.0)
    assert ours.means == pytest.approx(means, rel=1e-12)
    assert ours.scales == pytest.approx(scales, rel=1e-12)
    assert ours.regularisation == 1.0
    assert churn_learning.predict(ours, X) == pytest.approx(expected, abs=1e-6)


def test_predict_beyond_float_range():
    """Log-odds of +-1000 give 1 and 0, not an overflow."""
    fitted = churn_learning.Fitted(("a",), (0.0,), (1.0,), (1.0,), 0.0, 1.0)
    # exp(-1000) underflows to 0, as it should
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        p = churn_learning.predict(fitted, np.array([[1000.0], [-1000.0], [0.0]]))
    assert p.tolist() == [1.0, 0.0, 0.5]


def test_a_constant_column_has_scale_one(history):
    X, y, _periods = history
    with_constant = np.column_stack([X[:, :2], np.full(X.shape[0], 7.0)])
    fitted = churn_learning.fit(with_constant, y, ("a", "b", "constant"), 1.0)
    assert fitted.scales[2] == 1.0
    assert fitted.means[2] == 7.0
    assert fitted.coefficients[2] == pytest.approx(0.0, abs=1e-9)


def test_predict_by_hand():
    fitted = churn_learning.Fitted(
        features=("recency_ratio", "complaints"),
        means=(10.0, 0.5),
        scales=(2.0, 0.25),
        coefficients=(0.8, -1.2),
        intercept=-1.0,
        regularisation=1.0,
    )
    X = np.array([[14.0, 0.5], [8.0, 1.0], [10.0, 0.0]])
    # log-odds: the intercept plus coefficient * (x - mean) / scale of each
    # -1 + 0.8 * (14 - 10) / 2 - 1.2 * (0.5 - 0.5) / 0.25 = 0.6
    # -1 + 0.8 * (8 - 10) / 2 - 1.2 * (1 - 0.5) / 0.25 = -4.2
    # -1 + 0.8 * (10 - 10) / 2 - 1.2 * (0 - 0.5) / 0.25 = 1.4
    expected_p = [1.0 / (1.0 + math.exp(-z)) for z in (0.6, -4.2, 1.4)]
    assert churn_learning.predict(fitted, X) == pytest.approx(expected_p, abs=1e-15)


# 20 rows, two per decile, sorted by predicted risk
RANKED_P = [0.01, 0.03, 0.05, 0.07, 0.09, 0.11, 0.13, 0.15, 0.17, 0.19]
RANKED_P += [0.21, 0.23, 0.25, 0.27, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85]
RANKED_Y = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1]


def test_evaluate_by_hand():
    # given in another order: evaluate sorts by predicted risk itself
    order = np.random.default_rng(7).permutation(20)
    metrics = churn_learning.evaluate(
        np.array(RANKED_Y)[order], np.array(RANKED_P)[order]
    )
    assert (metrics.rows, metrics.events) == (20, 6)
    # negatives below each event (0.11: 5, 0.21: 9, 0.45: 13, 0.55: 13,
    # 0.75: 14, 0.85: 14) over 6 events x 14 non-events
    assert metrics.auc == pytest.approx(68 / 84)
    # non-events: sum of p^2 = 0.8542; events: sum of (1 - p)^2 = 2.0062
    assert metrics.brier == pytest.approx((0.8542 + 2.0062) / 20)
    # both rows of the top decile churned, against 6 / 20 overall
    assert metrics.lift_top_decile == pytest.approx(1.0 / 0.3)
    expected = [
        (1, 2, 0.02, 0.0),
        (2, 2, 0.06, 0.0),
        (3, 2, 0.10, 0.5),
        (4, 2, 0.14, 0.0),
        (5, 2, 0.18, 0.0),
        (6, 2, 0.22, 0.5),
        (7, 2, 0.26, 0.0),
        (8, 2, 0.40, 0.5),
        (9, 2, 0.60, 0.5),
        (10, 2, 0.80, 1.0),
    ]
    assert len(metrics.calibration) == 10
    for got, want in zip(metrics.calibration, expected, strict=True):
        assert got[:2] == want[:2]
        assert got[2:] == pytest.approx(want[2:])


@pytest.mark.parametrize(
    ("y", "p", "auc"),
    [
        # an event tied with a non-event counts one half: (1 + 0.5 + 2) / 4
        ([0, 0, 1, 1], [0.2, 0.4, 0.4, 0.8], 0.875),
        # all tied: no better than chance
        ([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5),
        # ranked the wrong way round
        ([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4], 0.0),
    ],
)
def test_auc_with_ties(y, p, auc):
    assert churn_learning.evaluate(y, p).auc == pytest.approx(auc)


def test_evaluate_single_class_and_few_rows():
    # no event: neither AUC nor lift; Brier = (0.1^2 + 0.2^2 + ... + 0.5^2) / 5
    metrics = churn_learning.evaluate([0] * 5, [0.5, 0.1, 0.4, 0.2, 0.3])
    assert (metrics.auc, metrics.lift_top_decile) == (None, None)
    assert metrics.brier == pytest.approx(0.55 / 5)
    # 5 rows: one per decile 1-5, deciles 6-10 have none and are left out
    assert [row[:3] for row in metrics.calibration] == [
        (1, 1, 0.1),
        (2, 1, 0.2),
        (3, 1, 0.3),
        (4, 1, 0.4),
        (5, 1, 0.5),
    ]
    # only events: no AUC, lift 1 (the top decile churns as everyone does)
    metrics = churn_learning.evaluate([1, 1, 1], [0.9, 0.8, 0.7])
    assert (metrics.auc, metrics.lift_top_decile) == (None, 1.0)
    assert metrics.brier == pytest.approx((0.01 + 0.04 + 0.09) / 3)
    # 23 rows: the first 3 deciles get the extra rows
    metrics = churn_learning.evaluate([0, 1] * 11 + [0], np.linspace(0, 1, 23))
    assert [row[1] for row in metrics.calibration] == [3, 3, 3] + [2] * 7


def test_the_hold_out_is_the_most_recent_periods(history, trained):
    X, y, periods = history
    _fitted, metrics = trained
    recent = periods >= FIRST_PERIOD + PERIODS - 6
    assert metrics.rows == 6 * CUSTOMERS
    assert metrics.events == int(y[recent].sum())
    _fitted, metrics = churn_learning.train(
        X, y, periods, FEATURES, holdout_periods=3, grid=(1.0,)
    )
    assert metrics.rows == 3 * CUSTOMERS


def test_the_hold_out_counts_distinct_periods():
    """Periods with gaps and uneven rows: the 2 latest are 2024-11 and 2025-03."""
    periods = np.array([24290, 24303, 24295, 24299, 24303, 24290, 24295, 24299])
    periods = np.concatenate([periods, [24299, 24290, 24295, 24290]])
    y = np.array([0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1])
    X = np.random.default_rng(3).normal(size=(12, 2))
    _fitted, metrics = churn_learning.train(
        X, y, periods, ("a", "b"), holdout_periods=2, grid=(1.0,)
    )
    # 24299 (2024 * 12 + 11) three times, 24303 (2025 * 12 + 3) twice
    assert metrics.rows == 5
    assert metrics.events == 3  # y of those rows: 1, 0, 0, 1, 1


def test_training_never_sees_the_hold_out(history):
    X, y, periods = history
    recent = periods >= FIRST_PERIOD + PERIODS - 6
    fitted, metrics = churn_learning.train(X, y, periods, FEATURES, grid=(1.0,))
    flipped_y = np.where(recent, 1 - y, y)
    flipped, flipped_metrics = churn_learning.train(
        X, flipped_y, periods, FEATURES, grid=(1.0,)
    )
    # the same model ...
    assert flipped == fitted
    # ... judged on other outcomes
    assert flipped_metrics.events == metrics.rows - metrics.events
    assert flipped_metrics.auc == pytest.approx(1.0 - metrics.auc)
    assert flipped_metrics.brier > metrics.brier
    # it is the model fitted on the earlier rows alone
    alone = churn_learning.fit(X[~recent], y[~recent], FEATURES, 1.0)
    assert alone.means == pytest.approx(fitted.means, rel=1e-12)
    assert alone.coefficients == pytest.approx(fitted.coefficients, rel=1e-9)
    assert alone.intercept == pytest.approx(fitted.intercept, rel=1e-9)


def test_the_best_calibrated_c_is_kept(history, trained):
    X, y, periods = history
    fitted, metrics = trained
    recent = periods >= FIRST_PERIOD + PERIODS - 6
    briers = {}
    for regularisation in (0.01, 0.1, 1.0, 10.0):
        model = churn_learning.fit(X[~recent], y[~recent], FEATURES, regularisation)
        p = churn_learning.predict(model, X[recent])
        briers[regularisation] = float(np.mean((p - y[recent]) ** 2))
    assert fitted.regularisation == min(briers, key=briers.get)
    assert metrics.brier == pytest.approx(briers[fitted.regularisation])


def test_a_tie_keeps_the_smaller_c():
    """With one column of zeros, every C gives the intercept-only model."""
    y = np.array([1, 0, 0, 0] * 5 + [1, 1, 0, 0] * 2)
    periods = np.repeat([1, 2, 3, 4, 5, 6, 7], 4)
    fitted, metrics = churn_learning.train(
        np.zeros((28, 1)), y, periods, ("zero",), holdout_periods=2, grid=(10, 0.1, 1)
    )
    assert fitted.regularisation == 0.1
    assert fitted.coefficients == (0.0,)
    # 5 events in 20 earlier rows: log-odds of 1/4
    assert fitted.intercept == pytest.approx(math.log(0.25 / 0.75), abs=1e-6)
    # 4 events in 8 later rows, all predicted 1/4: Brier (4 x 0.75^2 + 4 x 0.25^2) / 8
    assert metrics.brier == pytest.approx(0.3125, abs=1e-6)


def test_scoring_needs_no_sklearn(monkeypatch):
    """Only training imports scikit-learn: an Odoo worker that scores need not."""
    for name in [name for name in sys.modules if name.split(".")[0] == "sklearn"]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    learning = load_learning("churn_learning_without_sklearn")
    fitted = learning.Fitted(("a", "b"), (1.0, 2.0), (2.0, 1.0), (0.5, -1.0), 0.1, 1.0)
    X = np.array([[3.0, 2.0], [1.0, 4.0]])
    # log-odds 0.1 + 0.5 = 0.6 and 0.1 - 2 = -1.9
    assert learning.predict(fitted, X) == pytest.approx(
        [1 / (1 + math.exp(-0.6)), 1 / (1 + math.exp(1.9))]
    )
    assert learning.evaluate([1, 0], [0.6, 0.2]).auc == 1.0
    with pytest.raises(ImportError):
        learning.fit(X, [0, 1], ("a", "b"), 1.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holdout_periods": 24}, "leaves no rows to train on"),
        ({"holdout_periods": 30}, "leaves no rows to train on"),
        ({"holdout_periods": 0}, "at least one period"),
        ({"rows": 0}, "No rows"),
        ({"earlier_y": 0}, "single outcome"),
        ({"earlier_y": 1}, "single outcome"),
        ({"grid": ()}, "grid .* is empty"),
        ({"grid": (0.0, 1.0)}, "positive number"),
        ({"features": FEATURES[:-1]}, "5 feature columns"),
        ({"y": 2}, "0 or 1"),
        ({"periods": 10}, "One period per row"),
    ],
)
def test_train_refuses(history, change, message):
    X, y, periods = history
    holdout_periods = change.get("holdout_periods", 6)
    grid = change.get("grid", (1.0,))
    features = change.get("features", FEATURES)
    if "rows" in change:
        X, y, periods = X[:0], y[:0], periods[:0]
    if "earlier_y" in change:
        y = np.where(periods >= FIRST_PERIOD + PERIODS - 6, y, change["earlier_y"])
    if "y" in change:
        y = y * change["y"]
    if "periods" in change:
        periods = periods[: change["periods"]]
    with pytest.raises(ValueError, match=message):
        churn_learning.train(X, y, periods, features, holdout_periods, grid)


def test_a_single_class_in_the_hold_out_is_fine(history):
    """Only the training part needs both outcomes; the AUC is then unknown."""
    X, y, periods = history
    y = np.where(periods >= FIRST_PERIOD + PERIODS - 6, 0, y)
    _fitted, metrics = churn_learning.train(X, y, periods, FEATURES, grid=(1.0,))
    assert (metrics.events, metrics.auc, metrics.lift_top_decile) == (0, None, None)


def test_other_refusals():
    with pytest.raises(ValueError, match="single outcome"):
        churn_learning.fit(np.ones((4, 1)), [1, 1, 1, 1], ("a",), 1.0)
    with pytest.raises(ValueError, match="No rows"):
        churn_learning.fit(np.ones((0, 1)), [], ("a",), 1.0)
    with pytest.raises(ValueError, match="No rows"):
        churn_learning.evaluate([], [])
    with pytest.raises(ValueError, match="One outcome per row"):
        churn_learning.evaluate([0, 1], [0.5])
    with pytest.raises(ValueError, match="between 0 and 1"):
        churn_learning.evaluate([0, 1], [0.5, float("nan")])
    with pytest.raises(ValueError, match="one mean, scale and coefficient"):
        churn_learning.Fitted(("a", "b"), (0.0,), (1.0,), (1.0,), 0.0, 1.0)
    with pytest.raises(ValueError, match="positive"):
        churn_learning.Fitted(("a",), (0.0,), (0.0,), (1.0,), 0.0, 1.0)
    fitted = churn_learning.Fitted(("a",), (0.0,), (1.0,), (1.0,), 0.0, 1.0)
    with pytest.raises(ValueError, match="1 feature columns"):
        churn_learning.predict(fitted, np.ones((3, 2)))
