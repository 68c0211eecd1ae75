"""The capability frontier in the shared pipeline's warehouse, checked against an independent
reading of the daily prices and the score seed."""

from __future__ import annotations

import csv
from collections import defaultdict

import duckdb

from orchestration.status import status_lines
from orchestration.trends.capability import Observation, Threshold, frontier_points
from orchestration.settings import DBT_PROJECT_DIR

FIRST_PARTY = ("openai", "anthropic", "vertex", "mistral", "deepseek")


def _best_scores(benchmark: str) -> dict[str, float]:
    best: dict[str, float] = defaultdict(float)
    with (DBT_PROJECT_DIR / "seeds" / "model_capabilities.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["model_id"] and row["benchmark"] == benchmark:
                best[row["model_id"]] = max(best[row["model_id"]], float(row["score"]))
    return best


def test_the_gpt4_level_price_is_the_cheapest_offer_of_any_model_scoring_at_least_gpt4(pipeline_runs):
    scores = _best_scores("GPQA Diamond")
    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as con:
        day, threshold, price, model_id, n_models = con.execute(
            "select price_date, threshold_score, usd_per_mtok_blended, cheapest_model_id, n_qualifying_models "
            "from marts.fct_capability_price_daily where benchmark = 'GPQA Diamond' and threshold_model_id = 'gpt-4' "
            "order by price_date desc limit 1").fetchone()
        offers = con.execute("select model_id, 0.75 * input_usd_per_mtok + 0.25 * output_usd_per_mtok "
                             "from marts.fct_token_prices_daily where price_date = ? and price_tier = 'standard' "
                             "and model_id is not null and input_usd_per_mtok > 0 and output_usd_per_mtok > 0",
                             [day]).fetchall()
    qualifying = [(blended, m) for m, blended in offers if scores.get(m, 0) >= threshold]
    assert threshold == 35.7
    assert price == min(qualifying)[0] and scores[model_id] >= 35.7
    assert n_models == len({m for _, m in qualifying}) > 1


def test_the_stored_new_lows_are_epochs_points_over_each_levels_daily_series(pipeline_runs):
    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as con:
        daily = con.execute("select benchmark, threshold_model_id, threshold_score, price_date, usd_per_mtok_blended "
                            "from marts.fct_capability_price_daily order by price_date").fetchall()
        stored = con.execute("select benchmark, threshold_model_id, price_date from intermediate.int_capability__frontier_lows "
                             "order by 1, 2, 3").fetchall()
    series = defaultdict(list)
    for benchmark, threshold_model, score, day, price in daily:
        series[benchmark, threshold_model, score].append(Observation(threshold_model, day, benchmark, score, price))
    expected = sorted((benchmark, model, point.observed_on) for (benchmark, model, score), observations in series.items()
                      for point in frontier_points(observations, Threshold(benchmark, model, score, observations[0].observed_on)))
    assert stored == expected and stored


def test_at_least_nine_in_ten_first_party_offers_on_the_latest_day_name_their_model(pipeline_runs):
    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as con:
        total, mapped = con.execute(
            "select count(*), count(model_id) from marts.fct_token_prices_daily "
            "where price_date = (select max(price_date) from marts.fct_token_prices_daily) "
            f"and provider_id in {FIRST_PARTY}").fetchone()
    assert total > 50 and mapped / total >= 0.9


def test_status_lists_the_capability_names_no_model_id_maps(pipeline_runs):
    lines = status_lines(pipeline_runs.warehouse)
    heading = next(i for i, line in enumerate(lines) if line.startswith("Capability scores of models with no model_id"))
    assert any("LLaMA-65B" in line for line in lines[heading:])
