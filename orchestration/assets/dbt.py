"""The dbt models as Dagster assets, wired so each dbt source is the asset that lands it."""


import os
import shutil
from typing import Any, Mapping

import json

from dagster import AssetExecutionContext, AssetKey, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from orchestration import warehouse as wh
from orchestration.dbt_project import DBT_PROJECT, prepare_manifest
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
    with wh.connect(warehouse.file) as con:
        wh.ensure_raw_tables(con, list(all_sources().values()))
    os.environ["BREAKEVEN_WAREHOUSE"] = str(warehouse.file)
    args = ["build"]
    if config.full_refresh:
        args.append("--full-refresh")
    elif config.start_date:
        args += ["--vars", json.dumps({"start_date": config.start_date})]
    invocation = dbt.cli(args, context=context)
    yield from invocation.stream()
    # Each invocation leaves ~1.5 MB of artifacts in its own target/ subfolder.
    shutil.rmtree(invocation.target_path, ignore_errors=True)
