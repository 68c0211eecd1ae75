"""`breakeven query` and `breakeven export` against the test warehouse (read-only throughout)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time

import duckdb
import pytest

from orchestration.cli import main
from orchestration.export import export_marts
from orchestration.query import QueryError, render, run_query
from orchestration.settings import ROOT

GPU_INDEX_SQL = ("select gpu_id, rate_date, median_usd_per_gpu_hour from marts.fct_gpu_rate_index_daily "
                 "where pricing_type = 'on_demand' order by gpu_id, rate_date")


def marts_tables(warehouse) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [t for (t,) in con.execute("select table_name from information_schema.tables "
                                          "where table_schema = 'marts' order by 1").fetchall()]


def test_a_query_prints_every_row_as_an_aligned_table(pipeline_runs):
    result = run_query(pipeline_runs.warehouse, GPU_INDEX_SQL)
    lines = render(result, "table").splitlines()
    assert lines[0].split() == ["gpu_id", "rate_date", "median_usd_per_gpu_hour"]
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == 2 + len(result.rows) + 1
    assert lines[-1] == f"({len(result.rows)} rows)"
    assert any(line.startswith("H100-SXM ") for line in lines)


def test_a_query_prints_csv_with_a_header_and_full_precision(pipeline_runs):
    result = run_query(pipeline_runs.warehouse, GPU_INDEX_SQL)
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows[0] == ["gpu_id", "rate_date", "median_usd_per_gpu_hour"]
    assert len(rows) == 1 + len(result.rows)
    assert [float(r[2]) for r in rows[1:]] == [r[2] for r in result.rows]


def test_a_query_prints_json_objects_with_iso_dates(pipeline_runs):
    result = run_query(pipeline_runs.warehouse, GPU_INDEX_SQL)
    records = json.loads(render(result, "json"))
    assert len(records) == len(result.rows)
    assert set(records[0]) == {"gpu_id", "rate_date", "median_usd_per_gpu_hour"}
    assert records[0]["rate_date"] == result.rows[0][1].isoformat()


def test_the_cli_query_command_prints_the_result_and_exits_0(pipeline_runs, monkeypatch, capsys):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(pipeline_runs.warehouse))
    assert main(["query", "select count(*) as gpus from marts.dim_gpus", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["gpus"] > 0


def test_a_statement_that_would_write_the_live_warehouse_is_refused_with_a_clear_message(pipeline_runs):
    before = run_query(pipeline_runs.warehouse, "select count(*) from marts.dim_gpus", live=True).rows
    for sql in ("drop table marts.dim_gpus", "delete from marts.dim_gpus",
                "create table marts.mine as select 1 as x"):
        with pytest.raises(QueryError, match="read-only and this statement would write"):
            run_query(pipeline_runs.warehouse, sql, live=True)
    assert run_query(pipeline_runs.warehouse, "select count(*) from marts.dim_gpus", live=True).rows == before


def test_bad_sql_is_reported_with_duckdbs_explanation(pipeline_runs):
    with pytest.raises(QueryError, match="query failed: .*no_such_table"):
        run_query(pipeline_runs.warehouse, "select * from marts.no_such_table")


def test_a_missing_warehouse_says_how_to_build_one(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nowhere" / "warehouse.duckdb"
    with pytest.raises(QueryError, match=r"no warehouse at .*warehouse.duckdb yet: run `breakeven demo`"):
        run_query(missing, "select 1")
    assert not missing.parent.exists(), "a read must not create the warehouse or its folder"
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(missing))
    assert main(["query", "select 1"]) == 1
    assert "no warehouse at" in capsys.readouterr().err


def test_a_live_read_of_a_warehouse_held_by_a_writer_is_waited_for_then_reported(tmp_path):
    warehouse = tmp_path / "busy.duckdb"
    duckdb.connect(str(warehouse)).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                               "print('locked', flush=True); time.sleep(60)", str(warehouse)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(QueryError, match=r"being written by another process .* stayed locked for 1 s"):
            run_query(warehouse, "select 1", wait_s=1, live=True)
        assert time.monotonic() - started < 15
    finally:
        writer.kill()
        writer.wait()


def test_export_writes_one_parquet_file_per_marts_table_that_reads_back_whole(pipeline_runs, tmp_path):
    exported = export_marts(pipeline_runs.warehouse, tmp_path / "out", "parquet")
    tables = marts_tables(pipeline_runs.warehouse)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"{t}.parquet" for t in tables)
    with duckdb.connect(str(pipeline_runs.warehouse), read_only=True) as warehouse, duckdb.connect() as fresh:
        for item in exported:
            in_warehouse = warehouse.execute(f"select count(*) from marts.{item.table}").fetchone()[0]
            from_file = fresh.execute("select count(*) from read_parquet(?)", [str(item.path)]).fetchone()[0]
            assert item.rows == in_warehouse == from_file, item.table
        columns = [r[0] for r in fresh.execute("describe select * from read_parquet(?)",
                                               [str(tmp_path / "out" / "fct_gpu_rate_index_daily.parquet")]).fetchall()]
    assert {"rate_date", "gpu_id", "pricing_type", "median_usd_per_gpu_hour"} <= set(columns)


def test_export_as_csv_writes_headers_and_the_cli_lists_every_table(pipeline_runs, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BREAKEVEN_WAREHOUSE", str(pipeline_runs.warehouse))
    assert main(["export", str(tmp_path / "csv"), "--format", "csv"]) == 0
    printed = capsys.readouterr().out
    tables = marts_tables(pipeline_runs.warehouse)
    assert all(f"marts.{t}" in printed for t in tables)
    header = (tmp_path / "csv" / "dim_gpus.csv").read_text().splitlines()[0]
    assert header.startswith("gpu_id,")
    assert not list((tmp_path / "csv").glob(".*.partial")), "no temporary file is left behind"


def test_query_export_and_report_each_have_help_with_an_example():
    for command in ["query", "export", "report"]:
        result = subprocess.run([sys.executable, "-m", "orchestration.cli", command, "--help"],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0 and "Example:" in result.stdout, command
