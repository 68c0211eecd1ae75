"""The dbt models as Dagster assets, wired so each dbt source is the asset that lands it."""


import os
import shutil
from pathlib import Path
from typing import Any, Mapping


from dagster import AssetExecutionContext, AssetKey, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from orchestration import warehouse as wh
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


# Left out of a daily build when the project has not changed since the last complete build:
# seeds are loaded and unit tests (logic, not data) passed then, and nothing they test moved.
DAILY_EXCLUDES = ["resource_type:seed", "resource_type:unit_test"]


# The first day a daily build rebuilds (dbt_project/macros/window_start.sql). An environment
# variable rather than --vars: a changed --vars makes dbt re-parse the whole project (~15 s).
START_DATE_ENV = "BREAKEVEN_START_DATE"


def daily_dbt_args(*, complete: bool = False) -> list[str]:
    """What a daily (incremental) build passes to dbt besides the command, with START_DATE_ENV
    set. `complete` keeps the seeds and unit tests (the project changed since the last build)."""
    return [] if complete else ["--exclude", " ".join(DAILY_EXCLUDES)]


prepare_manifest()


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    dagster_dbt_translator=BreakevenTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
               config: DbtBuildConfig):
    # A source that never landed still needs its raw table, or dbt cannot build the unions. Opening
    # the file here also waits (bounded, with a message) for a reader to let go: dbt itself would
    # fail at once on the lock.
    fingerprint = project_fingerprint()
    with wh.connect(warehouse.file) as con:
        wh.ensure_raw_tables(con, list(all_sources().values()))
        built = wh.built_project(con)
    os.environ["BREAKEVEN_WAREHOUSE"] = str(warehouse.file)
    unchanged = built == fingerprint
    complete = config.full_refresh or not config.start_date or not unchanged
    os.environ.pop(START_DATE_ENV, None)
    if config.full_refresh:
        args = ["build", "--full-refresh"]
    elif config.start_date and built is not None:
        args = ["build", *daily_dbt_args(complete=complete)]
        os.environ[START_DATE_ENV] = config.start_date
    else:
        # No start day, or a warehouse never built: every day is built and tested.
        args = ["build"]
    try:
        invocation = dbt.cli(args, context=context)
        yield from invocation.stream()
    finally:
        os.environ.pop(START_DATE_ENV, None)
    # stream() raised if a node failed: here every seed, view and unit test of this project passed.
    if complete:
        with wh.connect(warehouse.file) as con:
            wh.record_built_project(con, fingerprint)
    # dbt re-parses the whole project (~15 s) unless it finds the parse state of a run against the
    # same warehouse; dagster-dbt seeds each invocation with the project's own copy, so keep it.
    parse_state = invocation.target_path / "partial_parse.msgpack"
    if parse_state.exists():
        kept = Path(DBT_PROJECT.project_dir) / "target" / "partial_parse.msgpack"
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        shutil.copy(parse_state, partial)
        os.replace(partial, kept)  # whole or not at all, even with another build reading it
    # Each invocation leaves ~1.5 MB of artifacts in its own target/ subfolder.
    shutil.rmtree(invocation.target_path, ignore_errors=True)
