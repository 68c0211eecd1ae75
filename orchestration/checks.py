"""Asset checks and freshness, declared in one place for every source asset."""

from __future__ import annotations

from datetime import timedelta

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey, FreshnessPolicy

ROWS_LANDED = "rows_landed"
NOTHING_HELD_BACK = "nothing_held_back"

# A source with no good day for two days is stale (the UI and `breakeven status` flag it).
SOURCE_FRESHNESS = FreshnessPolicy.time_window(fail_window=timedelta(days=2), warn_window=timedelta(days=1))
STALE_AFTER_DAYS = 2


def source_check_specs(source_id: str) -> list[AssetCheckSpec]:
    key = AssetKey(source_id)
    return [
        AssetCheckSpec(ROWS_LANDED, asset=key, blocking=True,
                       description="The day's snapshot yielded at least one record."),
        AssetCheckSpec(NOTHING_HELD_BACK, asset=key,
                       description="No row was quarantined: no price moved more than 10× since its last accepted "
                                   "value, and the row count is not under half the 7-day median. Held-back rows stay "
                                   "out of the marts until the next day confirms them or `breakeven accept` does."),
    ]


def source_check_results(source_id: str, day: str, rows: int, quarantined: int, skip_summary: str) -> list[AssetCheckResult]:
    return [
        AssetCheckResult(check_name=ROWS_LANDED, passed=rows > 0, severity=AssetCheckSeverity.ERROR,
                         metadata={"rows": rows, "skipped": skip_summary or "none"}),
        AssetCheckResult(check_name=NOTHING_HELD_BACK, passed=quarantined == 0, severity=AssetCheckSeverity.WARN,
                         metadata={"rows_held_back": quarantined,
                                   "release": f"breakeven accept {source_id} {day}" if quarantined else "-"}),
    ]
