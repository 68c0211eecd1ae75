"""Epoch AI's price-at-constant-capability method, checked against Epoch's own published table."""

import csv
from datetime import date

import pytest

from orchestration.trends.capability import (Observation, Threshold, fit_log10, frontier_points, read_observations,
                                             regressions, thresholds)
from tests.conftest import FIXTURES

CAPABILITY = FIXTURES / "capability"
# The notebook leaves these reasoning models out before fitting (llm_price_trends.ipynb).
EPOCH_REASONING_MODELS = ["o1", "o1-mini", "o1-preview", "o3-mini", "DeepSeek-R1"]


def _published(benchmark: str | None = None) -> list[dict]:
    with open(CAPABILITY / "epoch_published_regressions.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if benchmark is None or r["benchmark"] == benchmark]


def _assert_reproduces(ours: list[dict], published: list[dict]):
    assert [(r["benchmark"], r["threshold_model"]) for r in ours] == \
        [(r["benchmark"], r["threshold_model"]) for r in published]
    for mine, theirs in zip(ours, published):
        label = f"{theirs['benchmark']} / {theirs['threshold_model']}"
        assert mine["lower_bound"] == float(theirs["lower_bound"]), label
        assert mine["n_points"] == int(theirs["n_points"]), label
        assert (mine["start_date"], mine["end_date"]) == (theirs["start_date"], theirs["end_date"]), label
        for column in ("annual_factor", "annual_factor_ci90_low", "annual_factor_ci90_high"):
            assert mine[column] == pytest.approx(float(theirs[column]), rel=1e-6), f"{label} {column}"
        assert round(mine["r_squared"], 2) == float(theirs["r_squared"]), label


def _obs(model, day, score, price, benchmark="GPQA Diamond"):
    return Observation(model, date.fromisoformat(day), benchmark, score, price)


def test_gpt4_level_performance_on_gpqa_diamond_got_about_40x_cheaper_per_year():
    observations = read_observations(CAPABILITY / "epoch_gpqa_diamond_observations.csv", EPOCH_REASONING_MODELS)
    headline = next(r.as_row() for r in regressions(observations)
                    if r.threshold.model == "GPT-4-0314")
    assert headline["lower_bound"] == 33.0 and headline["n_points"] == 6
    assert headline["annual_factor"] == pytest.approx(42.02, rel=1e-3)
    assert headline["annual_factor_ci90_low"] == pytest.approx(4.398, rel=1e-3)
    assert headline["annual_factor_ci90_high"] == pytest.approx(401.4, rel=1e-3)
    assert headline["halving_months"] == pytest.approx(12 * 0.30103 / 1.62345, rel=1e-3)


def test_every_published_gpqa_diamond_regression_is_reproduced_and_no_other():
    observations = read_observations(CAPABILITY / "epoch_gpqa_diamond_observations.csv", EPOCH_REASONING_MODELS)
    _assert_reproduces([r.as_row() for r in regressions(observations)], _published("GPQA Diamond"))


@pytest.mark.realdata
def test_all_of_epochs_published_regressions_are_reproduced_from_its_inputs(realdata, tmp_path):
    observations_file = tmp_path / "observations.csv"
    with open(realdata / "capability" / "epoch_llm_price_trends_inputs.csv", newline="") as source, \
            open(observations_file, "w", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(["model", "observed_on", "benchmark", "score", "usd_per_mtok"])
        for row in csv.DictReader(source):
            writer.writerow([row["model_name_as_in_source"], row["release_date"], row["score_name"], row["score"],
                             row["usd_per_1m_tokens_blended_3to1"]])
    ours = [r.as_row() for r in regressions(read_observations(observations_file, EPOCH_REASONING_MODELS))]
    ordered = sorted(ours, key=lambda r: [p["benchmark"] for p in _published()].index(r["benchmark"]))
    _assert_reproduces(ordered, _published())


def test_gpt3_is_called_gpt3_as_in_epochs_table(tmp_path):
    observations_file = tmp_path / "o.csv"
    observations_file.write_text("model,observed_on,benchmark,score,usd_per_mtok\n"
                                 "GPT-3 175B (davinci),2021-11-20,MMLU,43.9,60\n")
    assert read_observations(observations_file)[0].model == "GPT-3"


def test_a_model_released_the_same_day_as_a_stronger_one_never_sets_a_threshold():
    observations = [_obs("weak", "2023-06-13", 40, 3.0), _obs("strong", "2023-06-13", 50, 30.0),
                    _obs("later", "2023-07-01", 45, 1.0)]
    assert [t.model for t in thresholds(observations, "GPQA Diamond")] == ["strong"]


def test_multiple_choice_thresholds_below_30_are_skipped_but_still_raise_the_bar():
    observations = [_obs("guess", "2023-01-01", 28, 10.0), _obs("tied-guess", "2023-02-01", 28, 5.0),
                    _obs("real", "2023-03-01", 35, 5.0)]
    assert [(t.model, t.score) for t in thresholds(observations, "GPQA Diamond")] == [("real", 35)]
    math_like = [_obs("a", "2023-01-01", 20, 10.0, "MATH 5")]
    assert [t.score for t in thresholds(math_like, "MATH 5")] == [20]


def test_points_are_successive_new_lows_and_a_shared_date_keeps_the_later_cheaper_one():
    threshold = Threshold("GPQA Diamond", "first", 40, date(2023, 1, 1))
    observations = [_obs("first", "2023-01-01", 40, 10.0), _obs("too weak", "2023-02-01", 39, 0.1),
                    _obs("dearer", "2023-03-01", 45, 12.0), _obs("cheaper", "2023-04-01", 41, 8.0),
                    _obs("same day, cheaper still", "2023-04-01", 42, 6.0), _obs("equal", "2023-05-01", 50, 6.0)]
    assert [p.model for p in frontier_points(observations, threshold)] == ["first", "same day, cheaper still"]


def test_scores_of_100_are_above_a_percentage_benchmark_range_but_elo_has_no_ceiling():
    assert Threshold("GPQA Diamond", "m", 56, date(2024, 1, 1)).upper_bound == 100
    assert Threshold("LMSys Chatbot Arena ELO", "m", 1285, date(2024, 1, 1)).upper_bound == float("inf")


def test_a_price_falling_tenfold_each_year_has_an_annual_factor_of_ten_and_no_spread():
    fit = fit_log10([0, 365, 730, 1095], [100.0, 10.0, 1.0, 0.1])
    assert fit.annual_factor == pytest.approx(10.0)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.annual_factor_ci90_low == pytest.approx(10.0) == fit.annual_factor_ci90_high
    assert fit.halving_months == pytest.approx(12 * 0.30103, rel=1e-4) and fit.doubling_months is None


def test_fewer_than_four_points_make_no_regression():
    observations = [_obs("a", "2023-01-01", 40, 10.0), _obs("b", "2023-06-01", 41, 5.0), _obs("c", "2024-01-01", 42, 1.0)]
    assert regressions(observations) == []
