"""A column the parser does not read is logged, not dropped: in the run log, the asset's metadata,
raw.ingest_log and `breakeven status`."""

from datetime import date, datetime, timezone

import duckdb
from dagster import DagsterInstance, materialize

from orchestration import warehouse as wh
from orchestration.assets.ingest import build_source_asset
from orchestration.warehouse.pipeline import ingest
from orchestration.resources import FetchResource, WarehouseResource
from orchestration.status import status_lines
from scrapers.archive import Archive
from scrapers.records import Notice, TokenPrice
from scrapers.registry import Source
from scrapers.replay import ReplayClient, slug

DAY = date(2026, 11, 2)
URL = "https://noticing.example/prices.json"
NEW_COLUMN = "unknown column 'Cached output' in the pricing table header ['Model', 'Input', 'Output', 'Cached output']"


def _parse(snapshot):
    for model in ("a", "b"):  # the new column shows on every row: one notice per snapshot
        yield Notice("header", NEW_COLUMN)
        yield TokenPrice(provider_id="p", provider_model_id=model, input_usd_per_mtok=1.0, output_usd_per_mtok=2.0)


NOTICING = Source(id="noticing", kind="token_prices", name="Noticing", urls=(URL,), parse=_parse)


def _replay_dir(tmp_path):
    folder = tmp_path / "replay" / NOTICING.id
    folder.mkdir(parents=True)
    (folder / slug(URL)).write_text("{}")
    return tmp_path / "replay"


def test_ingest_returns_the_notices_once_each_naming_the_url_and_logs_them(tmp_path):
    result = ingest(NOTICING, DAY, ReplayClient(_replay_dir(tmp_path)), Archive(tmp_path / "archive"), tmp_path / "w.duckdb")
    assert result.rows == 2 and result.notices == [f"{URL}: {NEW_COLUMN}"]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert con.execute("select notices from raw.ingest_log").fetchall() == [(f"{URL}: {NEW_COLUMN}",)]


def test_a_day_without_notices_logs_null(tmp_path):
    quiet = Source(id="quiet", kind="token_prices", name="Quiet", urls=(URL,), parse=lambda s: [
        TokenPrice(provider_id="p", provider_model_id="a", input_usd_per_mtok=1.0, output_usd_per_mtok=2.0)])
    folder = tmp_path / "replay" / "quiet"
    folder.mkdir(parents=True)
    (folder / slug(URL)).write_text("{}")
    assert ingest(quiet, DAY, ReplayClient(tmp_path / "replay"), Archive(tmp_path / "a"), tmp_path / "w.duckdb").notices == []
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert con.execute("select notices from raw.ingest_log").fetchall() == [(None,)]


def test_an_ingest_log_from_before_notices_is_upgraded_in_place(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create schema raw")
        con.execute(wh.INGEST_LOG_DDL.replace(",\n    notices varchar", ""))
        assert "notices" not in [c[0] for c in con.execute("describe raw.ingest_log").fetchall()]
        wh.ensure_raw_tables(con, [NOTICING])
        wh.log_attempt(con, source_id="noticing", day=DAY, run_id=None, started_at=datetime.now(timezone.utc),
                       ok=True, notices=["one", "two"])
        assert con.execute("select notices from raw.ingest_log").fetchone() == ("one\ntwo",)


def test_status_lists_the_latest_days_notices_per_source(tmp_path):
    warehouse_file = tmp_path / "w.duckdb"
    with wh.connect(warehouse_file) as con:
        wh.ensure_raw_tables(con, [NOTICING])
        for day, notices in ((date(2026, 11, 1), ["old news"]), (DAY, [NEW_COLUMN, "unknown key 'x' in pricing"])):
            wh.log_attempt(con, source_id="noticing", day=day, run_id=None, started_at=datetime.now(timezone.utc),
                           ok=True, rows_landed=2, notices=notices)
        wh.log_attempt(con, source_id="quiet", day=DAY, run_id=None, started_at=datetime.now(timezone.utc),
                       ok=True, rows_landed=2)
    lines = status_lines(warehouse_file)
    assert f"  noticing {DAY}: {NEW_COLUMN}" in lines
    assert f"  noticing {DAY}: unknown key 'x' in pricing" in lines
    assert not any("old news" in line or line.startswith("  quiet") for line in lines)


def test_status_of_a_warehouse_without_notices_says_nothing_about_them(tmp_path):
    warehouse_file = tmp_path / "w.duckdb"
    with wh.connect(warehouse_file) as con:
        wh.ensure_raw_tables(con, [NOTICING])
        wh.log_attempt(con, source_id="noticing", day=DAY, run_id=None, started_at=datetime.now(timezone.utc),
                       ok=True, rows_landed=2)
    assert not any("do not read" in line for line in status_lines(warehouse_file))


def test_the_asset_logs_each_notice_as_a_warning_and_shows_them_in_its_metadata(tmp_path):
    instance = DagsterInstance.ephemeral()
    result = materialize(
        [build_source_asset(NOTICING)], instance=instance, partition_key=DAY.isoformat(),
        resources={"fetcher": FetchResource(mode="replay", replay_dir=str(_replay_dir(tmp_path)),
                                            archive_dir=str(tmp_path / "archive")),
                   "warehouse": WarehouseResource(path=str(tmp_path / "w.duckdb"))})
    assert result.success
    [materialization] = result.asset_materializations_for_node("noticing")
    assert NEW_COLUMN in materialization.metadata["notices"].value
    warnings = [entry.user_message for entry in instance.all_logs(result.run_id)
                if entry.level == 30 and NEW_COLUMN in entry.user_message]  # logging.WARNING
    assert warnings == [f"noticing {DAY}: {URL}: {NEW_COLUMN}"]
