"""One daily-partitioned asset per registered source, built by one factory."""


from datetime import date

from dagster import AssetExecutionContext, AssetsDefinition, Failure, MaterializeResult, MetadataValue, asset

from orchestration.checks import SOURCE_FRESHNESS, source_check_results, source_check_specs
from orchestration.partitions import DAILY
from orchestration.warehouse.pipeline import ingest
from orchestration.resources import FetchResource, WarehouseResource
from scrapers.errors import ScrapeError
from scrapers.registry import Source, all_sources


def _preview(rows: list[dict]) -> str:
    if not rows:
        return "(no rows)"
    columns = [c for c in rows[0] if rows[0][c] is not None][:7]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def build_source_asset(source: Source) -> AssetsDefinition:
    @asset(
        name=source.id,
        group_name="sources",
        partitions_def=DAILY,
        kinds={"python", "duckdb"},
        description=f"{source.name}: {source.description or source.kind}. Lands raw.{source.id}.",
        metadata={"kind": source.kind, "urls": MetadataValue.json(list(source.urls)),
                  "homepage": source.homepage or "-"},
        check_specs=source_check_specs(source.id),
        freshness_policy=SOURCE_FRESHNESS,
        )
    def _ingest(context: AssetExecutionContext, fetcher: FetchResource, warehouse: WarehouseResource) -> MaterializeResult:
        day = date.fromisoformat(context.partition_key)
        day_source, client = fetcher.prepare(source, day)
        try:
            result = ingest(day_source, day, client, fetcher.archive(), warehouse.file, run_id=context.run.run_id)
        except ScrapeError as exc:
            raise Failure(description=str(exc), metadata={"source": source.id, "url": exc.url}) from exc
        context.log.info(f"{source.id} {day}: {result.rows} rows landed, {result.skipped} skipped, "
                         f"{result.quarantined} held back, {result.changed} prices changed, {result.new_offers} new offers")
        for notice in result.notices:  # a column the parser does not read: a human should look
            context.log.warning(f"{source.id} {day}: {notice}")
        return MaterializeResult(
            metadata={
                "rows": result.rows,
                "distinct_items": result.distinct_items,
                "skipped": result.skipped,
                "unreadable": result.unreadable,
                "held_back": result.quarantined,
                "changes": result.changed,
                "new_offers": result.new_offers,
                "skip_reasons": result.skip_summary or "none",
                "notices": MetadataValue.md("\n".join(f"- {n}" for n in result.notices) or "none"),
                "archive_bytes": result.archive_bytes,
                "urls": MetadataValue.json(result.urls),
                "sha256": MetadataValue.json(result.sha256s),
                "preview": MetadataValue.md(_preview(result.preview)),
            },
            check_results=source_check_results(source.id, context.partition_key, result.rows, result.quarantined,
                                               result.skip_summary),
        )

    return _ingest


SOURCE_ASSETS = [build_source_asset(source) for source in all_sources().values()]
