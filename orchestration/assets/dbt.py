"""The dbt models as Dagster assets, wired so each dbt source is the asset that lands it."""


from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping


import duckdb
from dagster import AssetCheckKey, AssetExecutionContext, AssetKey, AssetSelection, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject, dbt_assets
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets

from orchestration import dbt_build, settings, warehouse as wh
from orchestration.dbt_project import DBT_PROJECT, prepare_manifest, project_fingerprint
from orchestration.resources import WarehouseResource
from scrapers.registry import all_sources

_LAYERS = ("staging", "intermediate", "marts")


class BreakevenTranslator(DagsterDbtTranslator):
    """dbt source `<source_id>` → the ingest asset `<source_id>`; models grouped by layer."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec.replace_attributes(key=AssetKey(props["source_name"]), group_name="sources")
        fqn = props.get("fqn", [])
        layer = next((part for part in fqn if part in _LAYERS), "seeds" if props["resource_type"] == "seed" else "dbt")
        return spec.replace_attributes(group_name=layer)


class DbtBuildConfig(Config):
    """Which days the incremental daily facts rebuild (see dbt_project/macros/window_start.sql)."""

    # The earliest day that landed or changed in this run; that day and every later one are
    # rebuilt. Unset: every day.
    start_date: str | None = None
    # Rebuild every model from scratch (after editing seeds such as scenarios or aliases).
    full_refresh: bool = False


# Left out of every build: dbt's unit tests check the project's SQL against rows written in the
# test itself, never the warehouse's data, so they say the same on every build of one project.
# `make test` runs them (tests/orchestration/test_unit_tests.py), as dbt advises (unit tests in development
# and CI, not in production runs). In a complete build at ten years they cost ~8 s of the two
# threads.
BUILD_EXCLUDES = ["resource_type:unit_test"]
# Left out of a daily build too when the project has not changed since the last complete build:
# seeds are loaded then. not_empty warns of a fact table with no rows at all (a warehouse holding
# one kind of data): a daily build only rebuilds recent days from raw tables that never lose rows,
# so it cannot empty a table, and the complete build has said so already.
DAILY_EXCLUDES = ["resource_type:seed", *BUILD_EXCLUDES, "test_name:not_empty"]
_EXCLUDED_TESTS = {part.removeprefix("test_name:") for part in DAILY_EXCLUDES if part.startswith("test_name:")}


# The first day a daily build rebuilds (dbt_project/macros/window_start.sql). An environment
# variable rather than --vars: a changed --vars makes dbt re-parse the whole project (~15 s).
START_DATE_ENV = "BREAKEVEN_START_DATE"


def build_environment(warehouse_file: Path, start_date: str | None) -> dict[str, str | None]:
    """The variables the dbt step sets for dbt (profiles.yml, window_start.sql; None: unset)."""
    return {"BREAKEVEN_WAREHOUSE": str(warehouse_file), START_DATE_ENV: start_date,
            **settings.duckdb_environment(warehouse_file)}


def data_models(manifest: Mapping[str, Any]) -> list[str]:
    """The models a new day changes: tables and incrementals with a landed source upstream.

    Views store no rows, and a table built from seeds alone (dim_gpus, the per-token roofline)
    changes only when the project does, so while the project is the one last built completely a
    daily build rebuilds and tests these alone (docs/benchmarks.md: each dbt node and each Dagster
    event costs tens of milliseconds whatever the node does).
    """
    nodes = manifest["nodes"]

    def reads_landed_data(unique_id: str, seen: set[str]) -> bool:
        for parent in nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", []):
            if parent.startswith("source.") or (parent not in seen and reads_landed_data(parent, seen | {parent})):
                return True
        return False

    return sorted(uid for uid, node in nodes.items()
                  if node["resource_type"] == "model" and node["config"]["materialized"] not in ("view", "ephemeral")
                  and reads_landed_data(uid, set()))


prepare_manifest()


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    dagster_dbt_translator=BreakevenTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def dbt_models(context: AssetExecutionContext, warehouse: WarehouseResource, config: DbtBuildConfig):
    # A source that never landed still needs its raw table, or dbt cannot build the unions. Opening
    # the file here also waits (bounded, with a message) for a reader to let go: dbt itself would
    # fail at once on the lock.
    fingerprint = project_fingerprint()
    with wh.connect(warehouse.file) as con:
        wh.ensure_raw_tables(con, list(all_sources().values()))
        built = wh.built_project(con)
        incremental = bool(config.start_date) and built is not None and not config.full_refresh
        # What the next publish rewrites (orchestration/warehouse/publishing.py): marked before dbt runs,
        # since a build that fails halfway has changed some of it.
        wh.mark_unpublished(con, date.fromisoformat(config.start_date) if incremental else None)
    unchanged = built == fingerprint
    every_asset = set(context.selected_asset_keys) == set(context.assets_def.keys)
    complete = every_asset and (config.full_refresh or not config.start_date or not unchanged)
    if config.full_refresh:
        args = ["build", "--full-refresh", "--exclude", " ".join(BUILD_EXCLUDES)]
    elif incremental:
        # A subset (the daily data models, or what a user picked in the UI) is selected by
        # dagster-dbt on top of these arguments.
        args = ["build", "--exclude", " ".join(DAILY_EXCLUDES if unchanged else BUILD_EXCLUDES)]
    else:
        # No start day, or a warehouse never built: every day is built and tested.
        args = ["build", "--exclude", " ".join(BUILD_EXCLUDES)]
    with dbt_build.environment(build_environment(warehouse.file, config.start_date if incremental else None)):
        yield from dbt_build.build(context, args)
    # build() raised if a node failed: here every seed and view of this project built.
    if complete:
        with wh.connect(warehouse.file) as con:
            wh.record_built_project(con, fingerprint)


@dataclass(frozen=True)
class MartsSelection:
    """The dbt assets a build materialises, and the checks it runs on them (None: all of theirs)."""

    assets: list[AssetKey]
    checks: list[AssetCheckKey] | None = None

    def for_materialize(self) -> AssetSelection:
        selection = AssetSelection.assets(*self.assets)
        return selection if self.checks is None else selection.without_checks() | AssetSelection.checks(*self.checks)


# The data models (see data_models), read from the manifest @dbt_assets loaded, their assets and
# their checks but for the tests DAILY_EXCLUDES leaves out: what a daily build materialises.
_MANIFEST = get_manifest_and_translator_from_dbt_assets([dbt_models])[0]
_DATA_MODEL_IDS = data_models(_MANIFEST)
DAILY_KEYS = [spec.key for spec in dbt_models.specs if spec.metadata.get("dagster_dbt/unique_id") in _DATA_MODEL_IDS]
DAILY_CHECK_KEYS = [
    spec.key for spec in dbt_models.check_specs if spec.asset_key in DAILY_KEYS
    and _MANIFEST["nodes"][spec.metadata["dagster_dbt/unique_id"]].get("test_metadata", {}).get("name") not in _EXCLUDED_TESTS]
DAILY = MartsSelection(DAILY_KEYS, DAILY_CHECK_KEYS)


def daily_dbt_args() -> list[str]:
    """What a daily build passes to dbt besides `build` (with START_DATE_ENV set): the data models
    and, by dbt's indirect selection, their data tests; less what DAILY_EXCLUDES leaves out."""
    names = [uid.split(".")[-1] for uid in _DATA_MODEL_IDS]
    return ["--select", " ".join(names), "--exclude", " ".join(DAILY_EXCLUDES)]


def marts_selection(warehouse_file: Path, start_date: str | None) -> MartsSelection:
    """What a build from `start_date` materialises: the daily data models while the warehouse was
    last built completely by this very project; every model otherwise (a first build, a full one,
    an edited project, or a warehouse that cannot be read right now)."""
    everything = MartsSelection(list(dbt_models.keys))
    if not start_date:
        return everything
    try:
        with wh.connect(warehouse_file, read_only=True, wait_s=0) as con:
            built = wh.built_project(con)
    except duckdb.Error:
        return everything
    return DAILY if built == project_fingerprint() else everything
