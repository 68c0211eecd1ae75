"""Writing a daily fact's months: the rows a reader gets back are the warehouse's, however written."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from orchestration.warehouse import snapshot_files as files
from orchestration.warehouse.snapshot_store import open_target


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("""
        create table marts.fct_offers_daily as
        select * from (values
            (date '2026-10-31', 'openai', 'gpt-4o', null::varchar, 2.5),
            (date '2026-11-01', 'openai', 'gpt-4o', null, 2.5),
            (date '2026-11-01', 'o''reilly ai', 'llama-3.1-8b', null, 0.1),
            (date '2026-11-02', 'mistral', 'mistral-large-2411 ünïcode', null, null),
            (date '2026-11-02', null, 'gpt-4o', null, 2.0)
        ) as t(price_date, provider_id, provider_model_id, quantization, usd)""")
    yield con
    con.close()


@pytest.mark.parametrize("typed_from_rows", [0, files.TYPED_STRINGS_MIN_ROWS])
def test_a_month_written_with_or_without_enum_types_reads_back_the_same_strings(con, tmp_path, monkeypatch,
                                                                                 typed_from_rows):
    monkeypatch.setattr(files, "TYPED_STRINGS_MIN_ROWS", typed_from_rows)
    columns = files.marts_columns(con)["fct_offers_daily"]
    entry, written = files.write_table(con, open_target(tmp_path), "s1", "fct_offers_daily", columns, None, None)

    assert written == 2 and [f["month"] for f in entry["files"]] == ["2026-10", "2026-11"]
    paths = [f["path"] for f in entry["files"]]  # absolute: tmp_path is outside the project
    back = con.execute("select * from read_parquet(?) order by all", [paths]).fetchall()
    assert back == con.execute("select * from marts.fct_offers_daily order by all").fetchall()
    assert con.execute("select distinct typeof(provider_id) from read_parquet(?)", [paths]).fetchall() == [("VARCHAR",)]


def test_enum_types_hold_each_string_of_the_months_to_write_once_and_no_null(con):
    columns = files.marts_columns(con)["fct_offers_daily"]
    types = files.string_types(con, "fct_offers_daily", columns, "price_date", date(2026, 11, 1))

    assert set(types) == {"provider_id", "provider_model_id", "quantization"}
    values = {name: con.execute(f"select enum_range(null::{kind})").fetchone()[0] for name, kind in types.items()}
    assert sorted(values["provider_id"]) == ["mistral", "o'reilly ai", "openai"]
    assert sorted(values["provider_model_id"]) == ["gpt-4o", "llama-3.1-8b", "mistral-large-2411 ünïcode"]
    assert values["quantization"] == []
