"""The HTML report as the last asset of the lineage: it reads the marts dbt builds."""

from dagster import AssetDep, AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from orchestration.report import build_report
from orchestration.resources import WarehouseResource


@asset(
    name="report",
    group_name="report",
    # It reads the published snapshot, as `breakeven report` does: the marts come through it.
    deps=[AssetDep(AssetKey("published_marts"))],
    kinds={"html"},
    description="data/report.html: the paradox chart, price vs breakeven, the GPU index, halving rates and "
                "below-breakeven offers, one self-contained file (breakeven report).",
)
def report(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    path = build_report(warehouse.file)
    context.log.info(f"report written to {path}")
    return MaterializeResult(metadata={"path": MetadataValue.path(str(path)), "bytes": path.stat().st_size})
