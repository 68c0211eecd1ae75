"""`dbt build` run in a forked child of the Dagster step's process.

dagster-dbt runs dbt as a subprocess that imports dbt all over again (~5 s) and asks it for its
version with another one (~4 s): two thirds of a daily build whose SQL takes 1–3 s
(docs/benchmarks.md). A forked child starts with dbt already imported, and it runs beside the
step instead of sharing its interpreter lock: while dbt builds one node, the step records the
node before it in Dagster (tens of milliseconds of Python per event). Each result event comes back
over a pipe and goes through dagster-dbt's own converter, so the assets, checks and metadata are
the ones dagster-dbt's subprocess gave. The child's exit releases dbt-duckdb's hold on the
warehouse file, and a terminated run kills the child rather than waiting for it. POSIX only.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sys
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
_NOT_REPORTED = "dbt build failed before it could report (see the run log)"


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
    child = _DbtChild(argv)
    unknown: list[str] = []
    results = 0
    try:
        for raw in child.results():
            results += 1
            unique_id = raw["data"].get("node_info", {}).get("unique_id", "")
            if unique_id.startswith("unit_test."):
                continue  # logic tests: no asset check in Dagster (dagster-dbt skips them too)
            if unique_id not in manifest["nodes"]:
                unknown.append(unique_id)
                continue
            yield from DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
                manifest=manifest, dagster_dbt_translator=translator, context=context, target_path=target,
                project=project)
        if unknown:
            # The project was edited after the code location loaded it: dbt built these nodes,
            # Dagster can record them once the code is reloaded.
            context.log.warning(f"{len(unknown)} dbt node(s) built but not recorded: the dbt project changed since "
                                f"Dagster loaded it (reload the code location); e.g. {unknown[0]}")
        if child.failure is None and not results and context.selected_asset_keys:
            # dbt ends "successfully" when its selection matches nothing: not a build.
            child.failure = (f"dbt built none of the {len(context.selected_asset_keys)} selected assets "
                             "(its selection matched no node; see dbt_project/logs/dbt.log)")
        if child.failure is not None:
            raise Failure(description=child.failure, metadata={"dbt arguments": " ".join(argv)})
        _keep_parse_state(target, kept_parse_state)
    finally:
        child.stop()  # a step stopped early (terminated, or an error above) takes dbt with it
        shutil.rmtree(target, ignore_errors=True)  # ~1.5 MB of artifacts per run


class _DbtChild:
    """One `dbt` invocation in a forked process, reporting over a pipe: a JSON line per result
    event, then one line with the outcome."""

    def __init__(self, argv: list[str]):
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            # The child lives for one build and its cycles go when it exits: no garbage collector,
            # whose passes would walk the step's objects (copying the pages they are on) and dbt's
            # manifest. Peak memory of a full rebuild is the same without it (DuckDB's, not
            # Python's); the time saved is a few tenths of a second at most, within run-to-run noise.
            gc.disable()
            os.close(read_end)
            _run_in_child(argv, write_end)  # never returns
        os.close(write_end)
        self._lines = os.fdopen(read_end, "r", encoding="utf-8")
        self.failure: str | None = _NOT_REPORTED

    def results(self) -> Iterator[dict]:
        """Each result event as dbt fired it; sets `failure` (None when every node passed)."""
        for line in self._lines:
            message = json.loads(line)
            if "event" in message:
                yield message["event"]
            else:
                self.failure = message["failure"]
        status = self._reap(block=True)
        if status and self.failure is None:
            self.failure = f"dbt build process ended with {_describe(status)} after reporting success"
        elif status and self.failure == _NOT_REPORTED:
            self.failure = f"dbt build process ended with {_describe(status)} before it could report (see the run log)"

    def stop(self) -> None:
        """End the child if it still runs: killed outright, since whatever handlers the step's
        process installed are the child's too (DuckDB keeps its file consistent through a kill)."""
        if self._reap(block=False) is None:
            os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        self._lines.close()

    def _reap(self, block: bool) -> int | None:
        """The child's wait status once it has ended (None while it runs; 0 once reaped clean)."""
        if self.pid is None:
            return 0
        pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return None
        self.pid = None
        return status


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _run_in_child(argv: list[str], write_end: int) -> None:
    """The forked child: run dbt, report, and leave without running the parent's exit handlers."""
    code = 1
    try:
        with os.fdopen(write_end, "w", encoding="utf-8") as report:

            def on_event(msg) -> None:
                if msg.info.name in _RESULT_EVENTS:
                    report.write(json.dumps({"event": msg_to_dict(msg)}) + "\n")
                    report.flush()

            try:
                outcome = dbtRunner(callbacks=[on_event]).invoke(argv)
                failure = None if outcome.success else _failure_text(outcome)
            except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
                failure = f"dbt build failed: {type(error).__name__}: {error}"
            _close_warehouse()
            report.write(json.dumps({"failure": failure}) + "\n")
        code = 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _failure_text(outcome) -> str:
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


def _close_warehouse() -> None:
    """Let go of what dbt holds, since os._exit runs no finaliser: dbt-duckdb's database handle
    (closing it folds DuckDB's write-ahead log into the file now, not when someone next opens it)
    and the adapter's multiprocessing locks (else Python's resource tracker reports them leaked)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.adapters.factory import reset_adapters

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()
    reset_adapters()
    gc.collect()
