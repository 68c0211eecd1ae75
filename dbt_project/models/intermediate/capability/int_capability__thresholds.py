"""The frontier models of each benchmark, by Epoch AI's rule (orchestration/trends/capability.py,
the code `breakeven capability-trend` runs): each model whose score beat every score dated before
or on its release. Every row counts toward the bar, mapped or not; only mapped models can name a
level, since a price series is per model_id; a model qualifies for a level with its best score
(int_capability__model_scores), so a level's own model always does. Seeds only: built once per project."""

from orchestration.trends.capability import Observation, thresholds

COLUMNS = "benchmark varchar, threshold_model_id varchar, threshold_score double, threshold_set_on date, upper_bound double"


def model(dbt, session):
    dbt.config(materialized="table")
    # Every dated row is an observation (a snapshot or a reasoning budget of a model can set the
    # frontier on its own date), named by its model_id where it has one.
    rows = dbt.ref("model_capabilities").project(
        "coalesce(model_id, model_name_as_in_source) as model, benchmark, observed_on, score, model_id is not null"
    ).order("observed_on, model, score desc").fetchall()
    mapped = {model for model, _, _, _, is_mapped in rows if is_mapped}
    observations = [Observation(model, observed_on, benchmark, score, usd_per_mtok=float("nan"))
                    for model, benchmark, observed_on, score, _ in rows]
    found = {}
    for benchmark in sorted({o.benchmark for o in observations}):
        for threshold in thresholds(observations, benchmark):
            # A model that moved the frontier twice (a later snapshot) names one level: its first.
            if threshold.model in mapped and (benchmark, threshold.model) not in found:
                upper = None if threshold.upper_bound == float("inf") else threshold.upper_bound
                found[benchmark, threshold.model] = (benchmark, threshold.model, threshold.score, threshold.set_on, upper)
    session.execute(f"create or replace temp table capability_thresholds ({COLUMNS})")
    if found:
        session.executemany("insert into capability_thresholds values (?, ?, ?, ?, ?)", list(found.values()))
    return session.table("capability_thresholds")
