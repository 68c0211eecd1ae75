"""Asset checks. Each source asset reports whether its day landed rows at all."""

from __future__ import annotations

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey

ROWS_LANDED = "rows_landed"


def source_check_specs(source_id: str) -> list[AssetCheckSpec]:
    return [AssetCheckSpec(ROWS_LANDED, asset=AssetKey(source_id), blocking=True,
                           description="The day's snapshot yielded at least one record.")]


def rows_landed_result(rows: int, skip_summary: str) -> AssetCheckResult:
    return AssetCheckResult(
        check_name=ROWS_LANDED,
        passed=rows > 0,
        severity=AssetCheckSeverity.ERROR,
        metadata={"rows": rows, "skipped": skip_summary or "none"},
    )
