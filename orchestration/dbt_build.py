"""`dbt build` run inside the Dagster step's own process.

dagster-dbt runs dbt as a subprocess that imports dbt all over again (~5 s) and asks it for its
version with another one (~4 s): two thirds of a daily build whose SQL takes 1–3 s
(docs/benchmarks.md). Here dbt runs through its Python entry point (dbtRunner), and its result
events go through dagster-dbt's own converter, so the assets, checks and their metadata are the
ones the subprocess gave. dbt keeps global state, so a process runs one build at a time: the
definitions use the in-process executor and the instance one run at a time (dagster.yaml).
Trade-off: a run terminated from the UI stops once the dbt build in its thread has finished
(a thread cannot be interrupted; the daily build takes seconds, a full rebuild minutes).
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from pathlib import Path
from typing import Iterator

from dagster import AssetExecutionContext, Failure
from dbt.cli.main import dbtRunner
from dbt_common.events.functions import msg_to_dict
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets, get_subset_selection_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from orchestration.dbt_project import DBT_PROJECT

# The events that carry a node's result (what dagster-dbt turns into outputs and check results).
_RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}
_FAILED = {"error", "fail", "runtime error"}
_DONE = object()


def build(context: AssetExecutionContext, args: list[str]) -> Iterator:
    """Run dbt with `args` (e.g. ["build", "--exclude", ...]) for the assets the run selected and
    yield their Dagster events; raise Failure naming each failed node."""
    manifest, translator, project = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    selection, indirect = get_subset_selection_for_context(
        context=context, manifest=manifest, select=None, exclude=None, selector=None,
        dagster_dbt_translator=translator, current_dbt_indirect_selection_env=None)
    project_dir = Path(DBT_PROJECT.project_dir)
    # Each run its own target folder: a build started from the UI may overlap a scheduled one.
    target = project_dir / "target" / f"run-{context.run.run_id[:8]}-{os.getpid()}"
    target.mkdir(parents=True, exist_ok=True)
    kept_parse_state = project_dir / "target" / "partial_parse.msgpack"
    if kept_parse_state.exists():
        shutil.copy(kept_parse_state, target / kept_parse_state.name)

    # No manifest.json or run_results.json (~1 s): nothing reads this run's copies.
    argv = [*args, *selection, *(["--indirect-selection", indirect] if indirect else []), "--no-write-json",
            "--project-dir", str(project_dir), "--profiles-dir", str(project_dir), "--target-path", str(target)]
    # dbt runs in a thread and each result is recorded as it arrives: the UI shows progress, and
    # Dagster's event writes (~17 ms each, mostly waiting on the disk) overlap dbt's work.
    events: queue.Queue = queue.Queue()
    outcome: list = []

    def on_event(msg) -> None:
        if msg.info.name in _RESULT_EVENTS:
            events.put(msg_to_dict(msg))

    def run() -> None:
        try:
            outcome.append(dbtRunner(callbacks=[on_event]).invoke(argv))
        finally:
            _release_warehouse()
            events.put(_DONE)

    worker = threading.Thread(target=run, name="dbt-build", daemon=True)
    worker.start()
    unknown: list[str] = []
    try:
        while (raw := events.get()) is not _DONE:
            unique_id = raw["data"].get("node_info", {}).get("unique_id", "")
            if unique_id.startswith("unit_test."):
                continue  # logic tests: no asset check in Dagster (dagster-dbt skips them too)
            if unique_id not in manifest["nodes"]:
                unknown.append(unique_id)
                continue
            yield from DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
                manifest=manifest, dagster_dbt_translator=translator, context=context, target_path=target,
                project=project)
        # _DONE comes after dbt's outcome: the thread has nothing left to do but end.
        if unknown:
            # The project was edited after the code location loaded it: dbt built these nodes,
            # Dagster can record them once the code is reloaded.
            context.log.warning(f"{len(unknown)} dbt node(s) built but not recorded: the dbt project changed since "
                                f"Dagster loaded it (reload the code location); e.g. {unknown[0]}")
        if not outcome or not outcome[0].success:
            raise Failure(description=_failure_text(outcome[0] if outcome else None),
                          metadata={"dbt arguments": " ".join(argv)})
        _keep_parse_state(target, kept_parse_state)
    finally:
        worker.join()  # a step stopped early still lets dbt finish before its files go
        shutil.rmtree(target, ignore_errors=True)  # ~1.5 MB of artifacts per run


def _failure_text(outcome) -> str:
    if outcome is None:
        return "dbt build failed before it could report (see the run log)"
    if outcome.exception is not None:
        return f"dbt build failed: {type(outcome.exception).__name__}: {outcome.exception}"
    failed = [f"{r.node.name}: {r.message}" for r in getattr(outcome.result, "results", []) or []
              if str(getattr(r.status, "value", r.status)) in _FAILED]
    return "dbt build failed: " + ("; ".join(failed) or "see the run log")


def _keep_parse_state(target: Path, kept: Path) -> None:
    """dbt re-parses the whole project (~15 s) unless it finds the parse state of an earlier run."""
    state = target / kept.name
    if state.exists():
        partial = kept.with_name(f".{kept.name}.{os.getpid()}")
        shutil.copy(state, partial)
        os.replace(partial, kept)  # whole or not at all, even with another build reading it


def _release_warehouse() -> None:
    """dbt-duckdb keeps its database open in the process after the build; close it, or no other
    process (a query, the UI) could open the warehouse while this one lives."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()
