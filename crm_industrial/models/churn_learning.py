# Copyright 2026 CRM Industrial Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Churn risk learnt from the company's own history, without a database.

Each row is one customer at one month end: its features, already numeric (a
missing figure comes as 0 with a 0/1 indicator column), and whether it became
dormant within the following months. What is learnt is the probability of
that event, for the customers of today.

The model is a logistic regression on standardised features, not naive Bayes:

* it is readable: each coefficient is how far one standard deviation of its
  feature moves the log-odds, the other features held, so a reviewer can
  compare them and check their signs; and a customer's log-odds split into
  the contributions of its features (``coefficient * (x - mean) / scale``),
  which say why it is at risk;
* its probabilities are calibrated: no class weighting, and the
  regularisation is chosen on the most recent months, held out, by the Brier
  score (the mean squared error of the probabilities), which rewards right
  probabilities and not only a right ranking. Naive Bayes models each
  feature alone, per outcome, as if independent of the others; ours are
  skewed, often zero and move together (a customer drifting away is overdue,
  buys less and complains: the same evidence, counted several times). On the
  tests' synthetic history (9 000 held-out rows, 17 % churn), the regression
  has the Brier score of the true model (0.088) and no decile more than 1.5
  points off; Gaussian naive Bayes scores 0.103 and predicts 87 % for a top
  decile that churns at 68 %; Bernoulli naive Bayes, on features split at
  their means, is better calibrated (within 4 points) but ranks worse (AUC 0.81
  against 0.88; Brier 0.114);
* it is plain numbers (means, scales, coefficients, intercept) that the
  database stores, and the nightly run scores in SQL by the formula of
  :func:`predict` (tested against it): scoring needs neither scikit-learn
  nor a pickle, only training imports scikit-learn.
"""

import math
from dataclasses import dataclass

import numpy as np

DECILES = 10
# Rows standardised at a time when scoring: bounds the memory of the copy.
CHUNK_ROWS = 65536
# Standardised features converge in a few dozen iterations; this is a bound.
MAX_ITERATIONS = 1000
# Gradient tolerance of the solver: coefficients stable to about 1e-6.
TOLERANCE = 1e-8


@dataclass(frozen=True)
class Fitted:
    """A fitted model, as plain numbers that the database can store.

    ``means`` and ``scales`` standardise each column (a constant column has
    scale 1.0); ``coefficients`` and ``intercept`` apply to the standardised
    columns; ``regularisation`` is the C it was fitted with.
    """

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    regularisation: float

    def __post_init__(self):
        """Refuse numbers that cannot score, e.g. a model stored incompletely."""
        width = len(self.features)
        if not len(self.means) == len(self.scales) == len(self.coefficients) == width:
            raise ValueError(
                f"A fitted model needs one mean, scale and coefficient per "
                f"feature: {width} features, {len(self.means)} means, "
                f"{len(self.scales)} scales, {len(self.coefficients)} coefficients."
            )
        if not all(math.isfinite(scale) and scale > 0 for scale in self.scales):
            raise ValueError("The scales of a fitted model must be positive.")


@dataclass(frozen=True)
class Metrics:
    """How a model did on the hold-out.

    ``auc`` is None when the hold-out has a single class; ``lift_top_decile``
    (observed rate of the riskiest tenth over the overall rate) is None when
    no event happened. ``calibration`` holds, per decile of predicted risk
    (1 the lowest), its rows, mean predicted probability and observed rate.
    """

    rows: int
    events: int
    auc: float | None
    brier: float
    lift_top_decile: float | None
    calibration: tuple[tuple[int, int, float, float], ...]


def fit(X, y, features, regularisation):
    """Fit the model on all the rows given, with the regularisation C given.

    The columns are standardised on these rows; the regression is L2
    regularised, without class weighting, so that its probabilities are
    calibrated.
    """
    features = tuple(features)
    X = _as_matrix(X, len(features))
    y = _as_labels(y, X.shape[0])
    if not X.shape[0]:
        raise ValueError("No rows to learn from.")
    _check_both_classes(y, "The rows")
    standardised = np.array(X, dtype=np.float64, order="C")
    standardisation = _standardise_in_place(standardised)
    coefficients, intercept = _fit_standardised(standardised, y, regularisation)
    return _fitted(features, standardisation, coefficients, intercept, regularisation)


def predict(fitted, X):
    """Probability of each row's event, in numpy alone.

    The same as scikit-learn's ``predict_proba(...)[:, 1]`` on the
    standardised rows.
    """
    return _sigmoid(_logits(fitted, _as_matrix(X, len(fitted.features))))


def evaluate(y, p):
    """The metrics of probabilities ``p`` against the outcomes ``y`` (0 or 1).

    Deciles split the rows sorted by ``p`` into ten groups as equal as
    possible (the first ones get the extra rows); a decile without rows is
    left out. The top decile of the lift is the last one of the calibration.
    """
    p = np.asarray(p, dtype=np.float64).ravel()
    y = _as_labels(y, p.shape[0])
    rows = int(p.shape[0])
    if not rows:
        raise ValueError("No rows to evaluate.")
    if not np.all((p >= 0.0) & (p <= 1.0)):
        raise ValueError("Probabilities must lie between 0 and 1.")
    events = int(np.count_nonzero(y))
    order = np.argsort(p, kind="stable")
    auc = _auc(y[order], p[order]) if 0 < events < rows else None
    brier = float(np.mean(np.square(p - y)))
    calibration = tuple(
        (decile, int(group.shape[0]), float(p[group].mean()), float(y[group].mean()))
        for decile, group in enumerate(np.array_split(order, DECILES), start=1)
        if group.shape[0]
    )
    lift = calibration[-1][3] / (events / rows) if events else None
    return Metrics(rows, events, auc, brier, lift, calibration)


# the signature agreed with the Odoo side: holdout_periods and grid may come
# by position
def train(  # noqa: PLR0917
    X, y, periods, features, holdout_periods=6, grid=(0.01, 0.1, 1.0, 10.0)
):
    """Fit the model on past periods, choosing C on the most recent ones.

    The rows of the ``holdout_periods`` most recent distinct periods are held
    out; each C of ``grid`` is fitted on the earlier rows and the one with the
    lowest Brier score on the hold-out is kept (on a tie, the smaller C). The
    model returned is that fit on the earlier rows, with its hold-out metrics.
    """
    features = tuple(features)
    X = _as_matrix(X, len(features))
    y = _as_labels(y, X.shape[0])
    periods = np.asarray(periods).ravel()
    if periods.shape[0] != X.shape[0]:
        raise ValueError(
            f"One period per row is needed: {X.shape[0]} rows, "
            f"{periods.shape[0]} periods."
        )
    holdout = _holdout_rows(periods, holdout_periods)
    grid = sorted({float(regularisation) for regularisation in grid})
    if not grid:
        raise ValueError("The grid of regularisations to try is empty.")
    learning = ~holdout
    y_learning = y[learning]
    _check_both_classes(y_learning, "The training periods")
    # the only copy of the training rows: standardised in place, for every C
    standardised = np.ascontiguousarray(X[learning])
    standardisation = _standardise_in_place(standardised)
    holdout_indices = np.flatnonzero(holdout)
    y_holdout = y[holdout_indices]
    best = None
    for regularisation in grid:
        coefficients, intercept = _fit_standardised(
            standardised, y_learning, regularisation
        )
        fitted = _fitted(
            features, standardisation, coefficients, intercept, regularisation
        )
        p = _sigmoid(_logits(fitted, X, holdout_indices))
        brier = float(np.mean(np.square(p - y_holdout)))
        if best is None or brier < best[0]:
            best = (brier, fitted, p)
    return best[1], evaluate(y_holdout, best[2])


def _as_matrix(X, width):
    """``X`` as a 2-D float64 array of ``width`` columns, copied only if needed."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != width:
        raise ValueError(
            f"Expected a matrix of {width} feature columns, got shape {X.shape}."
        )
    return X


def _as_labels(y, rows):
    """``y`` as an array of 0 and 1, one per row."""
    y = np.asarray(y).ravel()
    if y.shape[0] != rows:
        raise ValueError(f"One outcome per row is needed: {rows} rows, {y.shape[0]}.")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("Outcomes must be 0 or 1.")
    return y.astype(np.int8, copy=False)


def _check_both_classes(y, what):
    """Refuse to learn from rows where every outcome is the same."""
    if not 0 < np.count_nonzero(y) < y.shape[0]:
        raise ValueError(
            f"{what} hold a single outcome: customers that became dormant and "
            f"customers that did not are both needed to learn."
        )


def _holdout_rows(periods, holdout_periods):
    """Mask of the rows of the ``holdout_periods`` most recent periods."""
    if holdout_periods < 1:
        raise ValueError(
            f"The hold-out needs at least one period, not {holdout_periods}."
        )
    distinct = np.unique(periods)
    if not distinct.shape[0]:
        raise ValueError("No rows to learn from.")
    if distinct.shape[0] <= holdout_periods:
        raise ValueError(
            f"Only {distinct.shape[0]} distinct periods: the hold-out takes the "
            f"{holdout_periods} most recent, which leaves no rows to train on."
        )
    return periods >= distinct[-holdout_periods]


def _standardise_in_place(X):
    """Centre and scale the columns of ``X`` in place; their means and scales.

    A constant column keeps scale 1.0.
    """
    rows = X.shape[0]
    means = X.mean(axis=0)
    X -= means
    # sum of squares per column, without a squared copy of X
    variances = np.einsum("ij,ij->j", X, X) / rows
    constant = X.max(axis=0) == X.min(axis=0)
    scales = np.where(constant, 1.0, np.sqrt(variances))
    X /= scales
    return means, scales


def _fit_standardised(X, y, regularisation):
    """Coefficients and intercept of the regression on standardised ``X``."""
    if not (math.isfinite(regularisation) and regularisation > 0):
        raise ValueError(
            f"The regularisation C must be a positive number, not {regularisation}."
        )
    # only training needs scikit-learn: scoring a customer does not load it
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    model = LogisticRegression(
        C=regularisation,
        l1_ratio=0.0,  # the L2 penalty
        class_weight=None,
        solver="lbfgs",
        max_iter=MAX_ITERATIONS,
        tol=TOLERANCE,
    )
    model.fit(X, y)
    return model.coef_[0], float(model.intercept_[0])


def _fitted(features, standardisation, coefficients, intercept, regularisation):
    """A :class:`Fitted` of plain Python numbers.

    ``standardisation`` is the pair ``(means, scales)``.
    """
    means, scales = standardisation
    return Fitted(
        features=tuple(features),
        means=tuple(float(value) for value in means),
        scales=tuple(float(value) for value in scales),
        coefficients=tuple(float(value) for value in coefficients),
        intercept=float(intercept),
        regularisation=float(regularisation),
    )


def _logits(fitted, X, rows=None):
    """Log-odds of the rows of ``X`` (of the ``rows`` indices when given).

    Standardises a chunk of rows at a time, as the model was fitted.
    """
    means = np.asarray(fitted.means)
    scales = np.asarray(fitted.scales)
    coefficients = np.asarray(fitted.coefficients)
    count = X.shape[0] if rows is None else rows.shape[0]
    result = np.empty(count)
    for start in range(0, count, CHUNK_ROWS):
        part = slice(start, start + CHUNK_ROWS)
        block = (X[part] if rows is None else X[rows[part]]) - means
        block /= scales
        result[part] = block @ coefficients
    result += fitted.intercept
    return result


def _sigmoid(logits):
    """The logistic function, without overflow for large log-odds."""
    small = np.exp(-np.abs(logits))
    return np.where(logits >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def _auc(y_sorted, p_sorted):
    """ROC AUC of outcomes sorted by ascending ``p``; ties count one half.

    The Mann-Whitney statistic: the chance that an event's probability is
    above a non-event's.
    """
    rows = p_sorted.shape[0]
    starts = np.flatnonzero(np.r_[True, np.diff(p_sorted) != 0])
    ends = np.r_[starts[1:], rows]
    # ranks start at 1; tied rows share the average of their ranks
    ranks = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    events = int(np.count_nonzero(y_sorted))
    event_ranks = float(ranks[y_sorted == 1].sum())
    return (event_ranks - events * (events + 1) / 2.0) / (events * (rows - events))
