"""Time to ratify: an exact daily distribution of completion dates per jurisdiction.

The route's duration is the sum of independent parts, each a discrete distribution over days:

1. the **agenda-setter delay** (calendar days) — a mixture of a routine log-normal delay (median
   ``routine_median_days × priority multiplier``) and, with ``holdout_probability``, a hold-out
   log-normal (median ``holdout_median_days``): who controls the agenda drives most delay;
2. each **stage**: ``min_days`` plus a discretised log-normal extra (median
   ``median_extra_days``, shape ``sigma``), capped at ``cap_days`` (e.g. Japan's 30-day rule),
   counted in calendar days or in *sitting days* of the legislature (weekdays it sits, outside
   its yearly recesses). Optional stages (constitutional review) happen with ``probability``;
   negative procedures are skipped with ``bypass_probability`` (executive waiver).

Calendar-day parts are added by convolution. Sitting-day parts are convolved in "sitting-day
index" space and mapped back to dates, so recesses stretch the calendar time exactly. Mass
beyond the horizon (default 4 years) is kept as ``overflow``. No sampling is involved.

Example:
    >>> d = DayDistribution(date(2022, 7, 5), np.array([0.0, 0.5, 0.5]), 0.0)
    >>> d.quantile(0.5), d.date_at(d.quantile(0.5))
    (1, datetime.date(2022, 7, 6))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from servanda.analyses.legislatures.jurisdictions import (
    Agenda,
    DayUnit,
    Jurisdiction,
    LegislativeCalendar,
    Route,
    Stage,
    StageKind,
)
from servanda.diagnostics import ServandaError

FloatArray = NDArray[np.float64]
DEFAULT_HORIZON = 4 * 365 + 1
_TAIL = 1e-13


@dataclass(frozen=True)
class DayDistribution:
    """P(completion on day ``start + i``) for i < horizon; ``overflow`` = P(later than the horizon)."""

    start: date
    pmf: FloatArray
    overflow: float

    @property
    def horizon(self) -> int:
        """Number of days covered."""
        return len(self.pmf)

    def cdf(self, days: int) -> float:
        """P(completed within ``days`` days of the start, inclusive)."""
        if days < 0:
            return 0.0
        return float(min(1.0, self.pmf[: days + 1].sum()))

    def within(self, end: date) -> float:
        """P(completed on or before ``end``)."""
        return self.cdf((end - self.start).days)

    def quantile(self, q: float) -> int | None:
        """Smallest day index with cdf ≥ q (None if beyond the horizon)."""
        cum = np.cumsum(self.pmf)
        idx = int(np.searchsorted(cum, q - 1e-12, side="left"))
        return idx if idx < len(cum) else None

    def date_at(self, day: int | None) -> date | None:
        """Calendar date of a day index."""
        return None if day is None else self.start + timedelta(days=day)

    def summary(self) -> dict[str, object]:
        """Median and 80 % interval as day counts and dates."""
        lo, med, hi = self.quantile(0.1), self.quantile(0.5), self.quantile(0.9)
        return {
            "start": self.start.isoformat(),
            "median_days": med,
            "p10_days": lo,
            "p90_days": hi,
            "median_date": _iso(self.date_at(med)),
            "p10_date": _iso(self.date_at(lo)),
            "p90_date": _iso(self.date_at(hi)),
            "p_within_365_days": self.cdf(365),
            "p_beyond_horizon": self.overflow,
            "cdf_every_30_days": [self.cdf(d) for d in range(30, min(self.horizon, 731), 30)],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --------------------------------------------------------------------------- building blocks


def lognormal_pmf(median: float, sigma: float, horizon: int) -> tuple[FloatArray, float]:
    """Discretised log-normal over 0..horizon-1 days (rounded to the nearest day) and tail mass.

    >>> pmf, tail = lognormal_pmf(10.0, 0.5, 100)
    >>> int(np.argmax(np.cumsum(pmf) >= 0.5))
    10
    """
    if median <= 0:
        pmf = np.zeros(horizon)
        pmf[0] = 1.0
        return pmf, 0.0
    edges = np.concatenate(([0.0], np.arange(horizon) + 0.5))
    cdf = stats.lognorm.cdf(edges, s=sigma, scale=median)
    cdf[0] = 0.0
    pmf = np.diff(cdf)
    return pmf, float(1.0 - cdf[-1])


def stage_pmf(
    min_days: int, median_extra: float, sigma: float, cap: int | None, horizon: int
) -> tuple[FloatArray, float]:
    """Duration pmf ``min_days + X`` (X log-normal), capped at ``cap`` days, and tail mass."""
    extra, tail = lognormal_pmf(median_extra, sigma, horizon)
    pmf = np.zeros(horizon)
    if min_days < horizon:
        pmf[min_days:] = extra[: horizon - min_days]
        tail += float(extra[horizon - min_days :].sum())
    else:
        tail = 1.0
    if cap is not None and cap < horizon:
        pmf[cap] += pmf[cap + 1 :].sum() + tail
        pmf[cap + 1 :] = 0.0
        tail = 0.0
    return pmf, tail


def mixture(parts: list[tuple[float, FloatArray, float]]) -> tuple[FloatArray, float]:
    """Weighted mixture of (weight, pmf, tail) parts."""
    pmf = sum(w * p for w, p, _ in parts)
    tail = sum(w * t for w, _, t in parts)
    return np.asarray(pmf, dtype=float), float(tail)


def sitting_days(cal: LegislativeCalendar, start: date, horizon: int) -> NDArray[np.bool_]:
    """Boolean array: does the legislature sit on day ``start + i``?

    >>> cal = LegislativeCalendar(sitting_weekdays=[0, 1, 2, 3, 4], source="x")
    >>> sitting_days(cal, date(2024, 1, 5), 4).tolist()   # Fri, Sat, Sun, Mon
    [True, False, False, True]
    """
    days = np.datetime64(start.isoformat(), "D") + np.arange(horizon)
    weekday = (days.astype(np.int64) + 3) % 7
    sits = np.isin(weekday, np.array(cal.sitting_weekdays))
    month = days.astype("datetime64[M]")
    mmdd = (month.astype(np.int64) % 12 + 1) * 100 + (days - month).astype(np.int64) + 1
    for r in cal.recesses:
        s = int(r.start.replace("-", ""))
        e = int(r.end.replace("-", ""))
        inside = (mmdd >= s) & (mmdd <= e) if s <= e else (mmdd >= s) | (mmdd <= e)
        sits &= ~inside
    return np.asarray(sits, dtype=bool)


def advance_calendar(p: FloatArray, over: float, q: FloatArray, q_tail: float) -> tuple[FloatArray, float]:
    """Add a calendar-day duration ``q`` to completion distribution ``p`` (exact convolution)."""
    h = len(p)
    full = np.convolve(p, q)
    new = full[:h].copy()
    lost = float(full[h:].sum())
    return new, over + lost + (1.0 - over) * q_tail


def advance_sitting(
    p: FloatArray, over: float, q: FloatArray, q_tail: float, sits: NDArray[np.bool_]
) -> tuple[FloatArray, float]:
    """Add a duration of ``n`` sitting days (``n ~ q``) to ``p``: complete on the n-th sitting day after.

    Zero days complete the same day. Convolution runs over the sitting-day index
    ``cum[s]`` (sitting days up to day s), then maps index m back to the day of the m-th sitting.
    """
    h = len(p)
    cum = np.cumsum(sits)
    pos = np.flatnonzero(sits)
    new = p * q[0]
    r = np.bincount(cum, weights=p, minlength=len(pos) + 1)
    conv = np.convolve(r, q[1:])  # index j -> sitting index j + 1 -> day pos[j]
    k = min(len(conv), len(pos))
    new = new + np.bincount(pos[:k], weights=conv[:k], minlength=h)[:h]
    lost = float(conv[k:].sum())
    return new, over + lost + (1.0 - over) * q_tail


# --------------------------------------------------------------------------- routes


def agenda_pmf(agenda: Agenda, multiplier: float, horizon: int) -> tuple[FloatArray, float]:
    """Agenda-setter delay: (1 − h)·routine + h·hold-out, both log-normal in calendar days."""
    routine = lognormal_pmf(agenda.routine_median_days * multiplier, agenda.routine_sigma, horizon)
    hold = lognormal_pmf(agenda.holdout_median_days, agenda.holdout_sigma, horizon)
    h = agenda.holdout_probability
    return mixture([(1.0 - h, *routine), (h, *hold)])


def stage_duration(
    stage: Stage, horizon: int, bypass: float | None = None, slack: float = 1.0
) -> tuple[FloatArray, float]:
    """Duration pmf of one stage (``median_extra_days`` scaled by ``slack``), with optional-stage
    and waiver mixtures applied."""
    pmf, tail = stage_pmf(
        stage.min_days, stage.median_extra_days * slack, stage.sigma, stage.cap_days, horizon
    )
    zero = np.zeros(horizon)
    zero[0] = 1.0
    if stage.kind is StageKind.CONSTITUTIONAL_REVIEW and stage.probability < 1.0:
        pmf, tail = mixture([(stage.probability, pmf, tail), (1.0 - stage.probability, zero, 0.0)])
    if stage.kind is StageKind.NEGATIVE_PROCEDURE:
        b = stage.bypass_probability if bypass is None else bypass
        if b > 0.0:
            pmf, tail = mixture([(1.0 - b, pmf, tail), (b, zero, 0.0)])
    return pmf, tail


LEGISLATIVE_STAGES = frozenset({StageKind.VOTE, StageKind.NEGATIVE_PROCEDURE, StageKind.UPPER_HOUSE_DELAY})


def needs_legislature(route: Route) -> bool:
    """True if the route has a legislative stage (then the agenda-setter delay applies)."""
    return any(s.kind in LEGISLATIVE_STAGES for s in route.stages)


@dataclass(frozen=True)
class StageTiming:
    """A stage's own median duration (in its unit) for reports."""

    label: str
    unit: str
    median_days: int | None


def time_to_ratify(
    jur: Jurisdiction,
    route: Route,
    start: date,
    *,
    agenda: Agenda | None = None,
    priority_multiplier: float = 1.0,
    bypass: float | None = None,
    horizon: int = DEFAULT_HORIZON,
    until_parliament: bool = False,
) -> tuple[DayDistribution, list[StageTiming]]:
    """Completion-date distribution of ``route`` in ``jur`` for an instrument signed on ``start``.

    The distribution is conditional on every stage passing (see :mod:`.guarantors` for the
    probability that it does). With ``until_parliament`` it stops at the end of the last
    legislative stage (the date parliaments' trackers report), not at deposit.
    """
    stages = list(route.stages)
    if until_parliament:
        last = max(
            (i for i, st in enumerate(stages) if st.kind in LEGISLATIVE_STAGES), default=len(stages) - 1
        )
        stages = stages[: last + 1]
    p = np.zeros(horizon)
    p[0] = 1.0
    over = 0.0
    timings = []
    if needs_legislature(route):
        q, q_tail = agenda_pmf(agenda or jur.agenda, priority_multiplier, horizon)
        p, over = advance_calendar(p, over, q, q_tail)
        timings.append(StageTiming("agenda-setter delay", "calendar", _median(q)))
    sits = sitting_days(jur.calendar, start, horizon)
    for stage in stages:
        q, q_tail = stage_duration(stage, horizon, bypass, priority_multiplier)
        if stage.unit is DayUnit.SITTING:
            p, over = advance_sitting(p, over, q, q_tail, sits)
        else:
            p, over = advance_calendar(p, over, q, q_tail)
        timings.append(StageTiming(stage.label, stage.unit.value, _median(q)))
    p = np.clip(p, 0.0, None)
    return DayDistribution(start, p, float(min(1.0, max(0.0, over)))), timings


def _median(q: FloatArray) -> int | None:
    cum = np.cumsum(q)
    idx = int(np.searchsorted(cum, 0.5))
    return idx if idx < len(q) else None


# --------------------------------------------------------------------------- fitted model (issue 12)
#
# A log-normal accelerated-failure-time model of the days from signature to the deposit of a state's
# instrument (the end of its national approval), fitted by maximum likelihood on the NATO accession
# rounds of 1999, 2004, 2009 and the EU accession treaties of 2003, 2005, 2011
# (``data/ratification/accessions.csv``; regenerate with ``scripts/fit_timing.py``). Rows whose deposit
# date was not found are interval-censored: completed after the parliamentary approval (if known) and
# no later than the instrument's entry into force.

MODEL_FORMAT = "servanda-timing-model/1"
COVARIATES: tuple[str, ...] = (
    "eu_treaty",
    "bicameral",
    "upper_house_veto",
    "no_vote",
    "minority_government",
    "election_within_365",
)
PREPARED_MAX_DAYS = 7
"""An approval counts as *prepared before signature* when parliament had consented, or consents,
within this many days of signature (the bill was before parliament before the text was signed)."""


@dataclass(frozen=True)
class AccessionRow:
    """One (case, approving state) row of the fitting set, durations in days from signature."""

    case: str
    state: str
    signed: date
    parliament: date | None
    deposit: date | None
    completed_by: date
    x: tuple[float, ...]

    @property
    def exact(self) -> bool:
        """True if the deposit date is known (an observed, uncensored duration)."""
        return self.deposit is not None

    @property
    def days(self) -> int | None:
        """Days from signature to deposit (None if not found)."""
        return None if self.deposit is None else (self.deposit - self.signed).days

    @property
    def bounds(self) -> tuple[float, float]:
        """(lower, upper) days: equal for exact rows; else (parliament or 0, entry into force)."""
        if self.deposit is not None:
            d = float((self.deposit - self.signed).days)
            return d, d
        lo = 0.0 if self.parliament is None else float((self.parliament - self.signed).days)
        return lo, float((self.completed_by - self.signed).days)

    @property
    def lag(self) -> int | None:
        """Days from final parliamentary approval to deposit, where both are known."""
        if self.parliament is None or self.deposit is None:
            return None
        return (self.deposit - self.parliament).days


def _opt_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def covariates_from_record(r: dict[str, str]) -> tuple[float, ...]:
    """Covariate vector (``COVARIATES`` order) of a CSV record; a blank minority flag counts as 0.

    >>> covariates_from_record({"instrument": "eu_accession_treaty", "chambers": "2", "upper_house_veto": "1",
    ...     "route": "statute", "minority_government": "", "election_within_365": "1"})
    (1.0, 1.0, 1.0, 0.0, 0.0, 1.0)
    """
    return (
        float(r["instrument"] == "eu_accession_treaty"),
        float(r["chambers"] == "2"),
        float(r["upper_house_veto"] == "1"),
        float(r["route"] == "executive"),
        float(r["minority_government"] == "1"),
        float(r["election_within_365"] == "1"),
    )


def load_accessions(path: str | None = None) -> list[AccessionRow]:
    """The fitting set (bundled ``data/ratification/accessions.csv`` unless ``path``).

    >>> rows = load_accessions()
    >>> len(rows), sorted({r.case for r in rows})[:2]
    (128, ['eu2003', 'eu2005'])
    """
    from importlib import resources

    from servanda.analyses.tables import read_csv, read_csv_text

    if path is None:
        text = (
            resources.files("servanda").joinpath("data", "ratification", "accessions.csv").read_text("utf-8")
        )
        _, records = read_csv_text(text)
    else:
        _, records = read_csv(path)
    return [
        AccessionRow(
            case=r["case"],
            state=r["state"],
            signed=date.fromisoformat(r["signed"]),
            parliament=_opt_date(r["parliament_date"]),
            deposit=_opt_date(r["deposit_date"]),
            completed_by=date.fromisoformat(r["completed_by"]),
            x=covariates_from_record(r),
        )
        for r in records
    ]


def _design(xs: list[tuple[float, ...]]) -> FloatArray:
    return np.column_stack([np.ones(len(xs)), np.asarray(xs, dtype=float).reshape(len(xs), -1)])


FAMILIES = ("lognormal", "weibull")
"""Error distribution of log-duration: normal (log-normal AFT) or minimum extreme value (Weibull AFT)."""


def _std_logpdf(z: FloatArray, family: str) -> FloatArray:
    if family == "weibull":
        return np.asarray(z - np.exp(z), dtype=float)
    return np.asarray(stats.norm.logpdf(z), dtype=float)


def _std_cdf(z: FloatArray, family: str) -> FloatArray:
    if family == "weibull":
        return np.asarray(-np.expm1(-np.exp(np.minimum(z, 50.0))), dtype=float)
    from scipy.special import ndtr

    return np.asarray(ndtr(z), dtype=float)


def _row_log_lik(
    mu: FloatArray,
    s: float,
    lo: FloatArray,
    hi: FloatArray,
    exact: NDArray[np.bool_],
    family: str = "lognormal",
) -> FloatArray:
    """Per-row log-likelihood; ``mu`` may carry extra trailing axes (e.g. quadrature nodes)."""
    shape = (-1,) + (1,) * (mu.ndim - 1)
    lo_, hi_, ex_ = lo.reshape(shape), hi.reshape(shape), exact.reshape(shape)
    t = np.log(np.maximum(lo_, 0.0) + 0.5)  # continuity: a day count d is the interval midpoint d + 0.5
    ll_exact = _std_logpdf((t - mu) / s, family) - np.log(s) - t
    z_hi = (np.log(hi_ + 0.5) - mu) / s
    z_lo = np.where(lo_ > 0, (np.log(lo_ + 0.5) - mu) / s, -np.inf)
    ll_cens = np.log(np.clip(_std_cdf(z_hi, family) - _std_cdf(z_lo, family), 1e-300, None))
    return np.asarray(np.where(ex_, ll_exact, ll_cens), dtype=float)


_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(40)
_LOG_W = np.log(_WEIGHTS / np.sqrt(2.0 * np.pi))


def _log_likelihood(
    theta: FloatArray,
    X: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    exact: NDArray[np.bool_],
    groups: NDArray[np.int64],
    family: str = "lognormal",
) -> float:
    """Marginal log-likelihood with a normal random effect per case (Gauss-Hermite quadrature).

    ``theta`` = (β, log σ, log τ): log(days + 0.5) = β·x + u_case + σ·ε, u ~ N(0, τ²), ε standard
    normal (log-normal family) or standard minimum extreme value (Weibull family).
    """
    from scipy.special import logsumexp

    beta, s, tau = theta[:-2], float(np.exp(theta[-2])), float(np.exp(theta[-1]))
    mu = (X @ beta)[:, None] + tau * _NODES[None, :]
    ll = _row_log_lik(mu, s, lo, hi, exact, family)
    per_case = np.zeros((int(groups.max()) + 1, len(_NODES)))
    np.add.at(per_case, groups, ll)
    return float(np.sum(logsumexp(per_case + _LOG_W[None, :], axis=1)))


PARAMETER_DRAWS = 64
_DRAW_CACHE: dict[int, tuple[Any, FloatArray]] = {}


def _bisect_days(cdf: Any, q: float, max_days: float = 20 * 366) -> float:
    """Smallest day count d (to 0.01 day) with cdf(d) ≥ q, searched in log-days up to ``max_days``."""
    if cdf(0.0) >= q:
        return 0.0
    lo, hi = np.log(0.5), np.log(max_days + 0.5)
    if cdf(max_days) < q:
        return float(max_days)
    for _ in range(50):
        mid = (lo + hi) / 2.0
        if cdf(float(np.exp(mid) - 0.5)) >= q:
            hi = mid
        else:
            lo = mid
    return float(np.exp(hi) - 0.5)


@dataclass(frozen=True)
class TimingModel:
    """A fitted AFT model with a random case effect: log(days + 0.5) = β·x + u + σ·ε.

    ``sigma`` scales the within-case error ε (standard normal for ``family`` "lognormal", standard
    minimum extreme value for "weibull") and ``tau`` is the spread of the case effect u ~ N(0, τ²); a new
    instrument's prediction integrates over both.
    """

    covariates: tuple[str, ...]
    beta: tuple[float, ...]
    sigma: float
    tau: float
    lags: tuple[int, ...]
    log_likelihood: float = float("nan")
    n_rows: int = 0
    n_exact: int = 0
    priority_log_scale: tuple[tuple[str, float], ...] = (("normal", 0.0),)
    family: str = "lognormal"
    covariance: tuple[tuple[float, ...], ...] = ()
    """Asymptotic covariance of (β, log σ, log τ) (inverse observed information; zeros for fixed
    coefficients). Predictions average over ``PARAMETER_DRAWS`` draws from it, so the interval
    includes the estimation uncertainty of a fit on six rounds; empty: plug-in estimates."""

    def parameter_draws(self) -> FloatArray:
        """Parameter draws (rows: β..., log σ, log τ), antithetic and seeded, so predictions are deterministic."""
        key = id(self)
        cached = _DRAW_CACHE.get(key)
        if cached is not None and cached[0] is self:
            return cached[1]
        theta = np.array([*self.beta, np.log(self.sigma), np.log(self.tau)])
        if not self.covariance:
            out = theta[None, :]
        else:
            cov = np.asarray(self.covariance, dtype=float)
            vals, vecs = np.linalg.eigh((cov + cov.T) / 2.0)
            root = vecs * np.sqrt(np.clip(vals, 0.0, None))
            z = np.random.default_rng(20261130).standard_normal((PARAMETER_DRAWS // 2, len(theta)))
            out = theta[None, :] + np.concatenate((z, -z)) @ root.T
        _DRAW_CACHE[key] = (self, out)
        return out

    def mu(self, x: tuple[float, ...], priority: str = "normal") -> float:
        """Location of log-duration for covariates ``x`` and a priority."""
        shift = dict(self.priority_log_scale).get(priority)
        if shift is None:
            raise ServandaError.one(
                "R506",
                f"unknown priority `{priority}`",
                "timing model",
                hint="use one of: " + ", ".join(k for k, _ in self.priority_log_scale),
            )
        return float(self.beta[0] + np.dot(self.beta[1:], x) + shift)

    def cdf(self, days: FloatArray | float, x: tuple[float, ...], priority: str = "normal") -> FloatArray:
        """P(deposit within ``days`` of signature) for a state in a new case (u and the parameters
        integrated out)."""
        self.mu(x, priority)  # validates the priority
        shift = dict(self.priority_log_scale)[priority]
        d = np.asarray(days, dtype=float)
        th = self.parameter_draws()
        mu = th[:, 0] + th[:, 1 : len(self.beta)] @ np.asarray(x, dtype=float) + shift
        sig, tau = np.exp(th[:, -2]), np.exp(th[:, -1])
        t = np.log(np.maximum(d, 0.0) + 0.5)[..., None, None]
        z = (t - mu[:, None] - tau[:, None] * _NODES[None, :]) / sig[:, None]
        out = (_std_cdf(z, self.family) @ np.exp(_LOG_W)).mean(axis=-1)
        return np.asarray(np.where(d < 0, 0.0, out), dtype=float)

    def quantile(self, q: float, x: tuple[float, ...], priority: str = "normal") -> float:
        """Days by which the deposit is made with probability ``q`` (bisection on log-days)."""
        return _bisect_days(lambda d: float(self.cdf(d, x, priority)), q)

    def parliament_cdf(
        self, days: FloatArray | float, x: tuple[float, ...], priority: str = "normal"
    ) -> FloatArray:
        """P(final parliamentary approval within ``days``): deposit minus an empirical lag.

        The lag between approval and deposit is the fitting set's observed lags, each equally likely
        (``P = mean_i F_deposit(days + lag_i)``).
        """
        d = np.asarray(days, dtype=float)
        lags = np.asarray(self.lags or (0,), dtype=float)
        out = np.mean([self.cdf(d + lag, x, priority) for lag in lags], axis=0)
        return np.asarray(np.where(d < 0, 0.0, out), dtype=float)

    def parliament_quantile(self, q: float, x: tuple[float, ...], priority: str = "normal") -> float:
        """Days by which parliament has approved with probability ``q`` (bisection on log-days)."""
        return _bisect_days(lambda d: float(self.parliament_cdf(d, x, priority)), q)

    def to_json(self) -> dict[str, object]:
        """JSON-ready mapping (the stored coefficient file's ``model`` entry)."""
        return {
            "covariates": list(self.covariates),
            "beta": {"intercept": self.beta[0], **dict(zip(self.covariates, self.beta[1:], strict=True))},
            "sigma": self.sigma,
            "tau": self.tau,
            "lags_days": list(self.lags),
            "log_likelihood": self.log_likelihood,
            "n_rows": self.n_rows,
            "n_exact": self.n_exact,
            "priority_log_scale": dict(self.priority_log_scale),
            "family": self.family,
            "covariance_of_beta_log_sigma_log_tau": [list(r) for r in self.covariance],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimingModel:
        """Inverse of :meth:`to_json`."""
        covs = tuple(data["covariates"])
        beta = (float(data["beta"]["intercept"]), *(float(data["beta"][c]) for c in covs))
        return cls(
            covariates=covs,
            beta=beta,
            sigma=float(data["sigma"]),
            tau=float(data["tau"]),
            lags=tuple(int(v) for v in data["lags_days"]),
            log_likelihood=float(data["log_likelihood"]),
            n_rows=int(data["n_rows"]),
            n_exact=int(data["n_exact"]),
            priority_log_scale=tuple((str(k), float(v)) for k, v in data["priority_log_scale"].items()),
            family=str(data.get("family", "lognormal")),
            covariance=tuple(
                tuple(float(v) for v in r) for r in data.get("covariance_of_beta_log_sigma_log_tau", [])
            ),
        )


def fit_timing_model(
    rows: list[AccessionRow],
    priority_log_scale: tuple[tuple[str, float], ...] = (("normal", 0.0),),
    use: tuple[str, ...] = COVARIATES,
    family: str = "lognormal",
) -> TimingModel:
    """Maximum-likelihood fit of the log-normal AFT model to ``rows`` (exact and interval-censored).

    >>> m = fit_timing_model(load_accessions())
    >>> 0.2 < m.sigma < 2.0 and m.n_exact == sum(r.exact for r in load_accessions())
    True
    """
    from scipy.optimize import minimize

    X = _design([r.x for r in rows])
    lo = np.array([r.bounds[0] for r in rows])
    hi = np.array([r.bounds[1] for r in rows])
    exact = np.array([r.exact for r in rows])
    cases = sorted({r.case for r in rows})
    groups = np.array([cases.index(r.case) for r in rows], dtype=np.int64)
    # covariates constant in the training rows are not identified: fixed at 0
    used = np.array([c in use for c in COVARIATES])
    free = np.concatenate(([True], (X[:, 1:].std(axis=0) > 0) & used))
    start = np.zeros(int(free.sum()) + 2)
    obs = lo[exact] if exact.any() else hi
    start[0] = float(np.log(np.median(obs) + 0.5))
    start[-2], start[-1] = np.log(0.5), np.log(0.3)

    def full(theta: FloatArray) -> FloatArray:
        beta = np.zeros(X.shape[1])
        beta[free] = theta[:-2]
        return np.concatenate((beta, theta[-2:]))

    def nll(theta: FloatArray) -> float:
        # a weak ridge on the slopes (β ~ N(0, 22²)) keeps rare covariates finite
        ll = _log_likelihood(full(theta), X, lo, hi, exact, groups, family)
        return -ll + 1e-3 * float(np.sum(theta[1:-2] ** 2))

    res = minimize(nll, start, method="BFGS")
    theta = full(res.x)
    cov_free = _inverse_hessian(nll, res.x)
    idx = np.flatnonzero(np.concatenate((free, [True, True])))
    cov = np.zeros((len(theta), len(theta)))
    cov[np.ix_(idx, idx)] = cov_free
    lags = tuple(sorted(r.lag for r in rows if r.lag is not None))
    return TimingModel(
        covariates=COVARIATES,
        beta=tuple(float(b) for b in theta[:-2]),
        sigma=float(np.exp(theta[-2])),
        tau=float(np.exp(theta[-1])),
        lags=lags,
        log_likelihood=_log_likelihood(theta, X, lo, hi, exact, groups, family),
        n_rows=len(rows),
        n_exact=int(exact.sum()),
        priority_log_scale=priority_log_scale,
        family=family,
        covariance=tuple(tuple(float(v) for v in r) for r in cov),
    )


def _inverse_hessian(f: Any, x: FloatArray, h: float = 1e-3) -> FloatArray:
    """Inverse of the central-difference Hessian of ``f`` at ``x`` (eigenvalues floored to stay positive)."""
    k = len(x)
    H = np.zeros((k, k))
    for i in range(k):
        for j in range(i, k):
            ei, ej = np.eye(k)[i] * h, np.eye(k)[j] * h
            H[i, j] = H[j, i] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (
                4 * h * h
            )
    vals, vecs = np.linalg.eigh((H + H.T) / 2.0)
    vals = np.maximum(vals, 1e-6 * max(1.0, float(np.max(np.abs(vals)))))
    return np.asarray((vecs / vals) @ vecs.T, dtype=float)


@dataclass(frozen=True)
class Scored:
    """One held-out observation scored against its predictive distribution."""

    case: str
    state: str
    actual_days: int
    median_days: float
    p10_days: float
    p90_days: float
    pit: float
    constant_days: float

    @property
    def inside_50(self) -> bool:
        """Actual inside the central 50 % interval."""
        return 0.25 <= self.pit <= 0.75

    @property
    def inside_80(self) -> bool:
        """Actual inside the central 80 % interval."""
        return 0.10 <= self.pit <= 0.90


def summarise(scored: list[Scored]) -> dict[str, float | int | list[int]]:
    """Coverage of the 50/80 % intervals, median absolute errors, their ratio and a 10-bin PIT histogram."""
    if not scored:
        return {"n": 0}
    err = [abs(s.median_days - s.actual_days) for s in scored]
    cerr = [abs(s.constant_days - s.actual_days) for s in scored]
    mae, cmae = float(np.median(err)), float(np.median(cerr))
    hist = np.histogram([s.pit for s in scored], bins=10, range=(0.0, 1.0))[0]
    return {
        "n": len(scored),
        "coverage_50": float(np.mean([s.inside_50 for s in scored])),
        "coverage_80": float(np.mean([s.inside_80 for s in scored])),
        "median_abs_error_days": mae,
        "constant_median_abs_error_days": cmae,
        "ratio_to_constant": mae / cmae if cmae > 0 else float("inf"),
        "pit_histogram_10_bins": [int(v) for v in hist],
    }


def leave_one_case_out(
    rows: list[AccessionRow], use: tuple[str, ...] = COVARIATES, family: str = "lognormal"
) -> tuple[list[Scored], dict[str, dict[str, Any]]]:
    """Hold out each case (a whole accession round) in turn, fit on the rest, score its exact rows.

    The constant baseline is the median training duration (the constant minimising absolute error
    on the training folds).
    """
    scored: list[Scored] = []
    folds: dict[str, dict[str, Any]] = {}
    for case in sorted({r.case for r in rows}):
        train = [r for r in rows if r.case != case]
        test = [r for r in rows if r.case == case]
        model = fit_timing_model(train, use=use, family=family)
        const = float(np.median([r.days for r in train if r.days is not None]))
        fold = [
            Scored(
                case,
                r.state,
                int(r.days),
                model.quantile(0.5, r.x),
                model.quantile(0.1, r.x),
                model.quantile(0.9, r.x),
                float(model.cdf(float(r.days), r.x)),
                const,
            )
            for r in test
            if r.days is not None
        ]
        scored.extend(fold)
        folds[case] = {"rows": len(test), **summarise(fold), "constant_days": const}
    return scored, folds


_FITTED: dict[str, TimingModel] = {}


def fitted_timing_model() -> TimingModel:
    """The bundled fitted model (``data/ratification/timing_model.json``), loaded once.

    >>> fitted_timing_model().covariates == COVARIATES
    True
    """
    if "bundled" not in _FITTED:
        import json
        from importlib import resources

        text = (
            resources.files("servanda")
            .joinpath("data", "ratification", "timing_model.json")
            .read_text("utf-8")
        )
        _FITTED["bundled"] = TimingModel.from_json(json.loads(text)["model"])
    return _FITTED["bundled"]


def route_covariates(jur: Jurisdiction, route: Route, start: date) -> tuple[float, ...]:
    """The fitted model's covariates for a security instrument on ``route`` signed on ``start``.

    A security guarantee is coded like a NATO accession protocol (``eu_treaty`` 0); chambers and the
    upper-house veto come from the route's vote stages; a minority government from the composition of
    the first voting chamber on ``start`` (0 if unknown); an election within 365 days from the
    jurisdiction's election calendar.
    """
    from servanda.analyses.legislatures.legislature import composition_at

    votes = [s for s in route.stages if s.kind is StageKind.VOTE]
    chambers = {s.chamber for s in route.stages if s.kind in LEGISLATIVE_STAGES and s.chamber}
    minority = 0.0
    if votes and votes[0].chamber:
        try:
            comp, _ = composition_at(jur, votes[0].chamber, start)
            gov = sum(b.seats for b in comp.voting_blocs if b.government)
            minority = float(comp.total > 0 and 2 * gov < comp.total and gov > 0)
        except ServandaError:
            minority = 0.0
    horizon = start + timedelta(days=365)
    election = 0.0
    for el in jur.elections:
        nxt = el.next
        while nxt <= start:
            nxt = nxt + timedelta(days=round(el.interval_years * 365.25))
        if nxt <= horizon:
            election = 1.0
    return (
        0.0,
        float(len(chambers) >= 2),
        float(len(votes) >= 2),
        float(not votes and not any(s.kind is StageKind.UPPER_HOUSE_DELAY for s in route.stages)),
        minority,
        election,
    )


def fitted_time_to_ratify(
    jur: Jurisdiction,
    route: Route,
    start: date,
    *,
    priority: str = "normal",
    prepared: bool = False,
    model: TimingModel | None = None,
    horizon: int = DEFAULT_HORIZON,
    until_parliament: bool = False,
) -> DayDistribution:
    """Completion-date distribution from the fitted model (deposit, or parliament with ``until_parliament``).

    ``prepared``: the approval was prepared before signature, so parliament consents within
    ``PREPARED_MAX_DAYS`` (uniform) and only the approval-to-deposit lag remains (the fitting set's
    observed lags). ``priority`` defaults to "normal" (every fitting case); "urgent" applies the stored
    log-scale shift, an assumption that the fitting set cannot test.

    >>> from servanda.analyses.legislatures.jurisdictions import jurisdiction_for
    >>> jur = jurisdiction_for("DEU", "test"); route = jur.route("treaty")
    >>> d = fitted_time_to_ratify(jur, route, date(2026, 1, 1))
    >>> d.quantile(0.1) < d.quantile(0.5) < d.quantile(0.9)
    True
    """
    m = model or fitted_timing_model()
    days = np.arange(horizon, dtype=float)
    if prepared:
        parl = np.zeros(horizon)
        parl[: PREPARED_MAX_DAYS + 1] = 1.0 / (PREPARED_MAX_DAYS + 1)
        if until_parliament:
            return DayDistribution(start, parl, 0.0)
        lag = np.bincount(np.minimum(np.asarray(m.lags or (0,)), horizon - 1), minlength=horizon).astype(
            float
        )
        lag /= lag.sum()
        pmf = np.convolve(parl, lag)[:horizon]
        return DayDistribution(start, pmf, float(max(0.0, 1.0 - pmf.sum())))
    x = route_covariates(jur, route, start)
    if until_parliament:
        # P(approved by d) = mean over observed lags of P(deposit by d + lag): one deposit CDF, shifted
        lags = np.asarray(m.lags or (0,), dtype=int)
        dep = m.cdf(np.arange(horizon + int(lags.max()), dtype=float), x, priority)
        cdf = np.mean([dep[lag : lag + horizon] for lag in lags], axis=0)
    else:
        cdf = m.cdf(days, x, priority)
    pmf = np.diff(np.concatenate(([0.0], cdf)))
    return DayDistribution(start, np.clip(pmf, 0.0, None), float(max(0.0, 1.0 - cdf[-1])))


def ratify_timing(
    jur: Jurisdiction,
    route: Route,
    start: date,
    *,
    priority: str = "normal",
    prepared: bool = False,
    horizon: int = DEFAULT_HORIZON,
    until_parliament: bool = False,
    model: TimingModel | None = None,
    holdout: tuple[float, float] | None = None,
) -> tuple[DayDistribution, list[StageTiming]]:
    """The time to ratify used by ``servanda ratify``: the fitted model, with one summary 'stage'.

    ``holdout`` = (probability, median days): an agenda-setter hold-out declared for this instrument
    (a stance file's ``agenda.holdout_probability``, e.g. public conditionality at signature); with that
    probability the completion follows the hold-out log-normal (the jurisdiction's ``holdout_sigma``)
    instead of the fitted model. The jurisdictions' own default hold-out rates are not applied: they
    were set by hand, partly with the 2022 case in view.

    Routes without a legislative stage (sole executive agreements, political declarations) are outside
    the fitting set: they keep the structural model (:func:`time_to_ratify`, executive steps only).

    >>> from servanda.analyses.legislatures.jurisdictions import jurisdiction_for
    >>> jur = jurisdiction_for("GBR", "test")
    >>> d, parts = ratify_timing(jur, jur.route("treaty"), date(2026, 1, 1), prepared=True)
    >>> d.quantile(0.9) <= 7 + max(fitted_timing_model().lags), parts[0].unit
    (True, 'calendar')
    """
    if not needs_legislature(route):
        return time_to_ratify(jur, route, start, horizon=horizon, until_parliament=until_parliament)
    dist = fitted_time_to_ratify(
        jur,
        route,
        start,
        priority=priority,
        prepared=prepared,
        model=model,
        horizon=horizon,
        until_parliament=until_parliament,
    )
    if holdout is not None and holdout[0] > 0.0:
        h = min(1.0, holdout[0])
        hold, tail = lognormal_pmf(holdout[1], jur.agenda.holdout_sigma, horizon)
        pmf, over = mixture([(1.0 - h, dist.pmf, dist.overflow), (h, hold, tail)])
        dist = DayDistribution(start, pmf, over)
    end = "final parliamentary approval" if until_parliament else "deposit"
    label = (
        f"prepared before signature: approval within {PREPARED_MAX_DAYS} d, then to {end}"
        if prepared
        else f"signature to {end} (fitted model, {priority} priority)"
    )
    return dist, [StageTiming(label, "calendar", dist.quantile(0.5))]


def stance_holdout(jur: Jurisdiction, override: Any) -> tuple[float, float] | None:
    """(probability, median days) of a hold-out declared in a stance file's ``agenda`` entry, else None.

    >>> from servanda.analyses.legislatures.jurisdictions import jurisdiction_for
    >>> from servanda.analyses.legislatures.stances import AgendaOverride
    >>> stance_holdout(jurisdiction_for("TUR", "test"), AgendaOverride(holdout_probability=0.6, holdout_median_days=270))
    (0.6, 270.0)
    """
    if override is None or getattr(override, "holdout_probability", None) is None:
        return None
    median = override.holdout_median_days or jur.agenda.holdout_median_days
    return float(override.holdout_probability), float(median)
