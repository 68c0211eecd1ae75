"""A failed or refused snapshot is one line at the end of `run` and `backfill` (source, day, reason);
Dagster's stack trace goes to the run log, not the terminal; bad input is one line and exit 2."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from orchestration import cli
from orchestration.run_lines import one_line, outcome_lines
from orchestration.runner import SourceOutcome
from tests.orchestration.conftest import BACKFILL_DAYS, DAY_2

# The shape of LiteLLM's 2023 predecessor file (max_tokens.json), which its parser refuses.
PREDECESSOR = {"MODEL_COST": {"gpt-4": {"max_tokens": 8192, "input_cost_per_token": 0.000003,
                                        "output_cost_per_token": 0.00006}}}


def _failure_lines(printed: str) -> list[str]:
    lines = printed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Failed or refused"))
    return [line for line in lines[start + 1:] if line.startswith("  ")]


def test_the_run_summary_ends_with_one_line_for_the_source_that_served_an_error_page(pipeline_runs, capsys):
    cli._print_run(pipeline_runs.day_2)
    failures = _failure_lines(capsys.readouterr().out)
    assert len(failures) == 1
    source, day, reason = failures[0].split(maxsplit=2)
    assert (source, day) == ("openrouter", DAY_2.isoformat())
    assert "JSON" in reason and "https://openrouter.ai/api/v1/models" in reason


def test_the_backfill_summary_names_the_day_whose_file_was_rate_limited(pipeline_runs):
    failures = _failure_lines("\n".join(outcome_lines(pipeline_runs.backfill.sources)))
    assert [line.split()[:2] for line in failures] == [["skypilot", "2026-10-20"]]
    assert all(day.isoformat() not in "\n".join(failures) for day in BACKFILL_DAYS)


def test_a_refused_predecessor_file_is_one_line_and_its_trace_is_in_the_run_log(tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("BREAKEVEN_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    history = tmp_path / "litellm_history"
    history.mkdir()
    (history / "2023-08-08_371e9f1.json").write_text(json.dumps(PREDECESSOR))
    from dagster import DagsterInstance

    from orchestration.runner import ingest_day

    outcomes = ingest_day(date(2023, 8, 8), mode="files", replay_dir=str(history), source_ids=["litellm"])
    terminal = capfd.readouterr()
    assert "Traceback" not in terminal.err + terminal.out and "Stack Trace" not in terminal.err + terminal.out
    assert outcome_lines(outcomes)[-1].split(maxsplit=2) == [
        "litellm", "2023-08-08", "MODEL_COST: the 2023 predecessor file (max_tokens.json) has known wrong prices; "
        "not parsed (https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json)"]
    with DagsterInstance.get() as instance:
        [run] = instance.get_runs(limit=1)
        failures = [e.dagster_event for e in instance.all_logs(run.run_id)
                    if e.dagster_event and e.dagster_event.is_step_failure]
    assert failures and "MODEL_COST" in failures[0].step_failure_data.error.to_string()


def test_a_reason_is_cut_to_one_line():
    page = "[openrouter] expected JSON, got:\n<html>\n" + "<p>busy</p>\n" * 200 + "</html> (https://openrouter.ai/x)"
    [_, _, line] = outcome_lines([SourceOutcome("openrouter", False, error=page, day=DAY_2)])
    assert "\n" not in line and len(line) < 360 and line.strip().startswith("openrouter")
    assert one_line("a\n  b\tc") == "a b c"


def test_held_back_days_and_notices_get_a_line_each_and_a_clean_run_gets_none():
    held = SourceOutcome("vastai", True, rows=10, day=DAY_2, held_back=3)
    noticed = SourceOutcome("litellm", True, rows=10, day=DAY_2, notices=[f"new key k{n}" for n in range(7)])
    lines = outcome_lines([held, noticed])
    assert f"  {'vastai':<22} {DAY_2}  3 rows" in lines
    assert sum(line.strip().startswith("litellm") for line in lines) == 6  # five notices and "and 2 more"
    assert outcome_lines([SourceOutcome("skypilot", True, rows=10, day=DAY_2)]) == []


def _one_line_exit_2(argv: list[str], capsys) -> str:
    assert cli.main(argv) == 2
    printed = capsys.readouterr()
    assert printed.out == "" and len(printed.err.splitlines()) == 1 and "Traceback" not in printed.err
    return printed.err


def test_tomorrow_or_a_day_before_the_history_is_refused_in_one_line(capsys):
    tomorrow = (datetime.now(timezone.utc).date() + timedelta(days=1)).isoformat()
    assert "in the future" in _one_line_exit_2(["run", "--date", tomorrow], capsys)
    assert "before the first daily partition, 2021-01-01" in _one_line_exit_2(["run", "--date", "2020-12-31"], capsys)
    assert "--to" in _one_line_exit_2(["run", "--replay-archive", "--from", "2026-11-01", "--to", tomorrow], capsys)


@pytest.mark.parametrize("argv, says", [
    (["run", "--date", "2026-02-30"], "--date must be YYYY-MM-DD"),
    (["run", "--sources", "openrouter,nosuchsource"], "unknown source(s): nosuchsource"),
    (["run", "--replay", "/nonexistent/replay"], "does not exist"),
    (["backfill", "litellm", "--snapshots", "/nonexistent/history"], "does not exist"),
    (["backfill", "litellm", "--since", "2026-99-01"], "--since must be YYYY-MM-DD"),
    (["accept", "openrouter", "2026-11-40"], "DAY must be YYYY-MM-DD"),
])
def test_bad_input_is_one_line_and_exit_2(argv, says, capsys):
    assert says in _one_line_exit_2(argv, capsys)


def test_a_backfill_with_a_future_or_impossible_day_is_refused_before_anything_lands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    history = tmp_path / "history"
    history.mkdir()
    (history / "2024-05-31_a.json").write_text("{}")
    (history / "2099-01-01_b.json").write_text("{}")
    assert "2099-01-01_b.json: 2099-01-01 is in the future" in _one_line_exit_2(
        ["backfill", "litellm", "--snapshots", str(history)], capsys)
    (history / "2099-01-01_b.json").unlink()
    (history / "2024-02-30_c.json").write_text("{}")
    assert "2024-02-30 is not a date" in _one_line_exit_2(["backfill", "litellm", "--snapshots", str(history)], capsys)
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_a_dagster_database_that_does_not_answer_is_one_line_without_its_password(tmp_path, monkeypatch, capsys):
    from tests.servers import free_port

    monkeypatch.setenv("BREAKEVEN_DAGSTER_PG_URL", f"postgresql://dagster:s3cret@127.0.0.1:{free_port()}/dagster")
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    assert cli.main(["run", "--date", "2026-11-20", "--replay", str(tmp_path), "--sources", "openrouter"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("breakeven: Dagster's PostgreSQL (BREAKEVEN_DAGSTER_PG_URL) cannot be used:")
    assert len(err.splitlines()) == 1 and "s3cret" not in err
