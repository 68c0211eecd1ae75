"""Price of constant capability, by Epoch AI's method ("LLM inference prices have fallen rapidly
but unequally across tasks", 2025-03-12; code: github.com/epoch-research/llm-benchmark-efficiency).

One implementation, used by `breakeven capability-trend` and by the dbt models of the capability
frontier, so the warehouse's thresholds and rates are the ones a reader can check against
Epoch's published table:

1. observations (model, date, benchmark, score, price), sorted by date, stably;
2. thresholds: the score of each model that became the benchmark's top scorer as of its date
   (the best of its day, ties to the first given)
   (multiple-choice benchmarks skip thresholds below 30, the level of guessing);
3. points: among observations scoring within [threshold, min(threshold + 100, 100)) — no upper
   bound for Arena Elo — each one cheaper than every earlier point; on a shared date the later,
   cheaper one stays;
4. fit: OLS of log10(price) on the date in days, annual factor 10^(-365·slope), its 90% interval
   from the slope's t interval with n - 2 degrees of freedom.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from orchestration.trends.student_t import t_quantile

MIN_POINTS = 4
# Below 30% a four-way multiple-choice score is barely above guessing (25%), so Epoch does not
# treat it as a capability level.
MULTIPLE_CHOICE = frozenset({"MMLU", "GPQA Diamond"})
MULTIPLE_CHOICE_FLOOR = 30.0
SCORE_CEILING = 100.0
DAYS_PER_YEAR = 365
CONFIDENCE = 0.90

# Epoch's price database calls GPT-3 by its full name; its published table says "GPT-3".
EPOCH_NAME_FIXES = {"GPT-3 175B (davinci)": "GPT-3"}
OBSERVATION_COLUMNS = ("model", "observed_on", "benchmark", "score", "usd_per_mtok")


@dataclass(frozen=True)
class Observation:
    model: str
    observed_on: date
    benchmark: str
    score: float
    usd_per_mtok: float


@dataclass(frozen=True)
class Threshold:
    benchmark: str
    model: str
    score: float
    set_on: date

    @property
    def upper_bound(self) -> float:
        if is_unbounded(self.benchmark):
            return math.inf
        return min(self.score + 100.0, SCORE_CEILING)


@dataclass(frozen=True)
class Fit:
    n_points: int
    slope_per_day: float
    intercept: float
    r_squared: float
    slope_stderr: float

    @property
    def annual_factor(self) -> float:
        return _factor(self.slope_per_day)

    def _slope_ci(self) -> tuple[float, float]:
        half = t_quantile(1.0 - (1.0 - CONFIDENCE) / 2.0, self.n_points - 2) * self.slope_stderr
        return self.slope_per_day - half, self.slope_per_day + half

    @property
    def annual_factor_ci90_low(self) -> float:
        return _factor(self._slope_ci()[1])

    @property
    def annual_factor_ci90_high(self) -> float:
        return _factor(self._slope_ci()[0])

    @property
    def halving_months(self) -> float | None:
        if self.slope_per_day >= 0:
            return None
        return 12.0 * math.log10(2.0) / (-DAYS_PER_YEAR * self.slope_per_day)

    @property
    def doubling_months(self) -> float | None:
        if self.slope_per_day <= 0:
            return None
        return 12.0 * math.log10(2.0) / (DAYS_PER_YEAR * self.slope_per_day)


@dataclass(frozen=True)
class Regression:
    threshold: Threshold
    points: tuple[Observation, ...]
    fit: Fit

    def as_row(self) -> dict:
        fit = self.fit
        return {
            "benchmark": self.threshold.benchmark,
            "threshold_model": self.threshold.model,
            "lower_bound": self.threshold.score,
            "n_points": fit.n_points,
            "start_date": self.points[0].observed_on.isoformat(),
            "end_date": self.points[-1].observed_on.isoformat(),
            "annual_factor": fit.annual_factor,
            "annual_factor_ci90_low": fit.annual_factor_ci90_low,
            "annual_factor_ci90_high": fit.annual_factor_ci90_high,
            "r_squared": fit.r_squared,
            "halving_months": fit.halving_months,
        }


REGRESSION_COLUMNS = ("benchmark", "threshold_model", "lower_bound", "n_points", "start_date", "end_date",
                      "annual_factor", "annual_factor_ci90_low", "annual_factor_ci90_high", "r_squared",
                      "halving_months")


def _factor(slope_per_day: float) -> float:
    return 10.0 ** (-DAYS_PER_YEAR * slope_per_day)


# Scales that are not percentages: no score ceiling.
UNBOUNDED = frozenset({"ECI"})


def is_unbounded(benchmark: str) -> bool:
    """Elo ratings and the Epoch Capabilities Index have no top; the other benchmarks are percentages."""
    return "elo" in benchmark.lower() or benchmark in UNBOUNDED


def read_observations(path: Path | str, exclude: Iterable[str] = ()) -> list[Observation]:
    """Rows model,observed_on,benchmark,score,usd_per_mtok; blank scores or prices are not observations."""
    excluded = {name.strip() for name in exclude if name.strip()}
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in OBSERVATION_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; need {','.join(OBSERVATION_COLUMNS)}")
        rows = [r for r in reader if r["score"].strip() and r["usd_per_mtok"].strip()]
    observations = [
        Observation(model=EPOCH_NAME_FIXES.get(r["model"], r["model"]),
                    observed_on=date.fromisoformat(r["observed_on"].strip()),
                    benchmark=r["benchmark"].strip(), score=float(r["score"]),
                    usd_per_mtok=float(r["usd_per_mtok"]))
        for r in rows
    ]
    return [o for o in observations if o.model not in excluded]


def by_date(observations: Iterable[Observation]) -> list[Observation]:
    # sorted() is stable: observations of one day keep the order they were given in.
    return sorted(observations, key=lambda o: o.observed_on)


def thresholds(observations: Iterable[Observation], benchmark: str) -> list[Threshold]:
    """The benchmark's frontier: each model whose score beat every score dated before or on its date."""
    found: list[Threshold] = []
    best = -math.inf
    for day in _days(by_date(o for o in observations if o.benchmark == benchmark)):
        # Only the day's best can lead as of that day: a model released beside a stronger one
        # never was the top scorer (MATH 5: GPT-3.5-Turbo-2023-06 beside GPT-4-0613).
        top = max(day, key=lambda o: o.score)
        if top.score > best:
            best = top.score
            found.append(Threshold(benchmark, top.model, top.score, top.observed_on))
    if benchmark in MULTIPLE_CHOICE:
        found = [t for t in found if t.score >= MULTIPLE_CHOICE_FLOOR]
    return found


def _days(observations: list[Observation]) -> list[list[Observation]]:
    days: list[list[Observation]] = []
    for o in observations:
        if days and days[-1][0].observed_on == o.observed_on:
            days[-1].append(o)
        else:
            days.append([o])
    return days


def frontier_points(observations: Iterable[Observation], threshold: Threshold) -> list[Observation]:
    """Successive new lows in price among observations at or above the threshold."""
    kept: list[Observation] = []
    for o in by_date(observations):
        if o.benchmark != threshold.benchmark or not threshold.score <= o.score < threshold.upper_bound:
            continue
        if kept and o.usd_per_mtok >= kept[-1].usd_per_mtok:
            continue
        if kept and kept[-1].observed_on == o.observed_on:
            kept.pop()
        kept.append(o)
    return kept


def fit_log10(days: Sequence[float], prices: Sequence[float]) -> Fit:
    """OLS of log10(price) on days; needs at least three points for a slope's standard error."""
    n = len(days)
    if n < 3 or len(prices) != n:
        raise ValueError(f"a fit needs at least 3 paired points, got {n}")
    ys = [math.log10(p) for p in prices]
    mean_x, mean_y = sum(days) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in days)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(days, ys))
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0:
        raise ValueError("a fit needs points on at least two dates")
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(days, ys))
    r_squared = 1.0 - residual / syy if syy > 0 else 1.0
    stderr = math.sqrt(residual / (n - 2) / sxx)
    return Fit(n_points=n, slope_per_day=slope, intercept=intercept, r_squared=r_squared, slope_stderr=stderr)


def fit_points(points: Sequence[Observation]) -> Fit:
    return fit_log10([p.observed_on.toordinal() for p in points], [p.usd_per_mtok for p in points])


def benchmarks_in_order(observations: Iterable[Observation]) -> list[str]:
    seen: dict[str, None] = {}
    for o in observations:
        seen.setdefault(o.benchmark, None)
    return list(seen)


def regressions(observations: Sequence[Observation]) -> list[Regression]:
    """Every (benchmark, threshold) with at least MIN_POINTS points, benchmarks in order of first appearance."""
    found: list[Regression] = []
    for benchmark in benchmarks_in_order(observations):
        for threshold in thresholds(observations, benchmark):
            points = frontier_points(observations, threshold)
            if len(points) >= MIN_POINTS:
                found.append(Regression(threshold, tuple(points), fit_points(points)))
    return found
