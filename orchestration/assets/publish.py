"""The published snapshot as the asset between the marts and everything that reads them."""

from dagster import AssetDep, AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.warehouse import publishing
from orchestration.assets.dbt import dbt_models
from orchestration.resources import WarehouseResource

# Every marts model dbt builds: the snapshot holds them all, whichever a build selected.
MARTS_KEYS = [spec.key for spec in dbt_models.specs if spec.group_name == "marts"]


@asset(
    name="published_marts",
    group_name="published",
    deps=[AssetDep(key) for key in MARTS_KEYS],
    kinds={"parquet"},
    description="The marts as a read-only snapshot: Parquet per table (daily facts by month), manifest.json and "
                "views.sql under BREAKEVEN_PUBLISH (default data/published/; or s3://bucket/prefix). Readers load views.sql and never "
                "hold the warehouse; the switch to a new snapshot is atomic.",
)
def published_marts(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    result = publishing.publish(warehouse.file)
    context.log.info(f"snapshot {result.snapshot_id} in {result.root}: {result.files_written} files written, "
                     f"{result.files_kept} kept from the previous snapshot, {result.files_removed} removed")
    return MaterializeResult(metadata={
        "snapshot": result.snapshot_id,
        "views.sql": MetadataValue.path(publishing.views_location(result.root)),
        "tables": result.tables,
        "files written": result.files_written,
        "files kept": result.files_kept,
        "files removed": result.files_removed,
        "full": result.full,
    })
