"""`dbt build` run in a forked child of the Dagster step's process.

dagster-dbt runs dbt as a subprocess that imports dbt all over again (~5 s) and asks it for its
version with another one (~4 s): two thirds of a daily build whose SQL takes 1–3 s
(docs/benchmarks.md). A forked child starts with dbt already imported, and it runs beside the
step instead of sharing its interpreter lock: while dbt builds one node, the step records the
node before it in Dagster (tens of milliseconds of Python per event). Each result event comes back
over a pipe and goes through dagster-dbt's own converter, so the assets, checks and metadata are
the ones dagster-dbt's subprocess gave. The child's exit releases dbt-duckdb's hold on the
warehouse file, and a terminated run kills the child rather than waiting for it. POSIX only.

The child reads the project (profile, dbt_project.yml, the kept parse state) before it is told
what to build, so a caller that knows a build is coming starts it first (`parsing_ahead`): the
CLI does, and dbt then starts while Dagster is still creating the run (~1 s of a daily build).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from dagster import AssetExecutionContext, Failure
from dbt.cli.main import dbtRunner
from dbt_common.events.functions import msg_to_dict
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets, get_subset_selection_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from orchestration import dbt_parse_state, settings
from orchestration.dbt_project import DBT_PROJECT
from orchestration.dbt_schemas import KeptSchemas

# The events that carry a node's result (what dagster-dbt turns into outputs and check results).
_RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}
_FAILED = {"error", "fail", "runtime error"}
_NOT_REPORTED = "dbt build failed before it could report (see the run log)"
_NO_BUILD = "no build was ordered"
# dbt's JSON schemas, kept between builds too (orchestration/dbt_schemas.py).
_KEPT_SCHEMAS = Path(DBT_PROJECT.project_dir) / "target" / "json_schemas.json"
# A child started by parsing_ahead for the next build() of this process.
_ahead: _DbtChild | None = None


@contextlib.contextmanager
def parsing_ahead(env: dict[str, str | None]) -> Iterator[None]:
    """Start dbt (reading the project, ~1–2 s) in a child now, for the first build() in this
    block; a child no build used is ended when the block ends. `env` is what the build will set
    (e.g. the warehouse); a build run with other settings has dbt read the project again."""
    global _ahead
    child = _DbtChild({**_dbt_environment(), **env})
    _ahead = child
    try:
        yield
    finally:
        if _ahead is child:
            _ahead = None
        child.stop()


@contextlib.contextmanager
def environment(variables: dict[str, str | None]) -> Iterator[None]:
    """`variables` set for the block (None: unset), then put back as they were."""
    before = {name: os.environ.get(name) for name in variables}
    _set_environment(variables)
    try:
        yield
    finally:
        _set_environment(before)


def build(context: AssetExecutionContext, args: list[str]) -> Iterator:
    """Run dbt with `args` (e.g. ["build", "--exclude", ...]) for the assets the run selected and
    yield their Dagster events; raise Failure naming each failed node."""
    manifest, translator, project = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    selection, indirect = get_subset_selection_for_context(
        context=context, manifest=manifest, select=None, exclude=None, selector=None,
        dagster_dbt_translator=translator, current_dbt_indirect_selection_env=None)
    child = _take_ahead() or _DbtChild(_dbt_environment())
    argv = [*args, *selection, *(["--indirect-selection", indirect] if indirect else [])]
    unknown: list[str] = []
    results = 0
    try:
        child.start(argv)
        for raw in child.results():
            results += 1
            unique_id = raw["data"].get("node_info", {}).get("unique_id", "")
            if unique_id.startswith("unit_test."):
                continue  # logic tests: no asset check in Dagster (dagster-dbt skips them too)
            if unique_id not in manifest["nodes"]:
                unknown.append(unique_id)
                continue
            yield from DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
                manifest=manifest, dagster_dbt_translator=translator, context=context, target_path=child.target,
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
        # Kept for the warehouse this build ran on (a child started ahead for another one read
        # the project again with the build's settings).
        dbt_parse_state.keep(child.target, settings.warehouse_path())
    finally:
        child.stop()  # a step stopped early (terminated, or an error above) takes dbt with it


def _take_ahead() -> _DbtChild | None:
    """The child parsing_ahead started in this very process, if any (a process forked from it
    inherits the variable, not the child)."""
    global _ahead
    child, _ahead = _ahead, None
    return child if child is not None and child.parent == os.getpid() else None


class _DbtChild:
    """One `dbt` invocation in a forked process: it reads the project at once, then waits for the
    build's arguments (`start`) and reports over a pipe, a JSON line per result event, then one
    line with the outcome."""

    def __init__(self, env: dict[str, str | None]):
        project_dir = Path(DBT_PROJECT.project_dir)
        # Each build its own target folder: a build started from the UI may overlap a scheduled one.
        (project_dir / "target").mkdir(exist_ok=True)
        self.target = Path(tempfile.mkdtemp(prefix="build-", dir=project_dir / "target"))
        dbt_parse_state.restore(env.get("BREAKEVEN_WAREHOUSE") or settings.warehouse_path(), self.target)
        # No manifest.json or run_results.json (~1 s): nothing reads this build's copies.
        self._common = ["--no-write-json", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
                        "--target-path", str(self.target)]
        self.parent = os.getpid()
        order_read, self._order = os.pipe()
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            # The child lives for one build and its cycles go when it exits: no garbage collector,
            # whose passes would walk the step's objects (copying the pages they are on) and dbt's
            # manifest. Peak memory of a full rebuild is the same without it (DuckDB's, not
            # Python's). The one collection it makes (_close_warehouse) skips what it inherited
            # from the step: 0.07 s instead of 0.32 s at the end of every build.
            gc.disable()
            gc.freeze()
            os.close(read_end)
            os.close(self._order)
            _run_in_child(self._common, env, order_read, write_end)  # never returns
        os.close(write_end)
        os.close(order_read)
        self._lines = os.fdopen(read_end, "r", encoding="utf-8")
        self.failure: str | None = _NOT_REPORTED

    def start(self, argv: list[str]) -> None:
        """Build: `argv` is what follows `dbt` (e.g. ["build", "--select", ...]), the environment
        is the step's (START_DATE_ENV and the warehouse as they are now)."""
        order = json.dumps({"argv": [*argv, *self._common], "env": _dbt_environment()}).encode() + b"\n"
        try:
            os.write(self._order, order)  # a few hundred bytes: within the pipe's buffer
        except BrokenPipeError:
            pass  # the child died while reading the project: results() reports how
        os.close(self._order)
        self._order = None

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
        """End the child if it still runs (one never started included): killed outright, since
        whatever handlers the step's process installed are the child's too (DuckDB keeps its file
        consistent through a kill); then remove its target folder."""
        if self._order is not None:
            os.close(self._order)
            self._order = None
        if self._reap(block=False) is None:
            os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        self._lines.close()
        shutil.rmtree(self.target, ignore_errors=True)  # ~1.5 MB of artifacts per build

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


def _run_in_child(common: list[str], env: dict[str, str | None], order_read: int, write_end: int) -> None:
    """The forked child: read the project, wait for the build's arguments, run dbt, report, and
    leave without running the parent's exit handlers."""
    code = 1
    try:
        schemas = KeptSchemas(_KEPT_SCHEMAS)
        schemas.use()
        with os.fdopen(write_end, "w", encoding="utf-8") as report:
            failure = _parse_then_build(common, env, order_read, report)
            _close_warehouse()  # after the project read ahead is gone: it holds a lock too
            if failure != _NO_BUILD:
                report.write(json.dumps({"failure": failure}) + "\n")
        schemas.keep()
        code = 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _parse_then_build(common: list[str], env: dict[str, str | None], order_read: int, report) -> str | None:
    """What failed in the build (None: nothing), or _NO_BUILD when no build was ordered."""
    _set_environment(env)
    manifest = _parse(common)
    with os.fdopen(order_read, "r", encoding="utf-8") as orders:
        order = orders.readline()
    if not order:  # no build came (the run failed before dbt, or stopped)
        return _NO_BUILD
    order = json.loads(order)
    if order["env"] != _dbt_environment():
        manifest = None  # read with other settings (the warehouse names the database): again
        _set_environment({**dict.fromkeys(_dbt_environment()), **order["env"]})

    def on_event(msg) -> None:
        if msg.info.name in _RESULT_EVENTS:
            report.write(json.dumps({"event": msg_to_dict(msg)}) + "\n")
            report.flush()

    try:
        outcome = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke(order["argv"])
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
        return f"dbt build failed: {type(error).__name__}: {error}"
    return None if outcome.success else _failure_text(outcome)


def _dbt_environment() -> dict[str, str]:
    """The variables dbt and the project read (profiles.yml, macros; dbt's own settings)."""
    return {name: value for name, value in os.environ.items() if name.startswith(("BREAKEVEN_", "DBT_"))}


def _set_environment(env: dict[str, str | None]) -> None:
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _parse(common: list[str]):
    """The parsed project (dbt's Manifest), or None when parsing failed: the build then parses
    again and reports what is wrong in the usual way."""
    from dbt.adapters.factory import reset_adapters

    try:
        outcome = dbtRunner().invoke(["parse", *common])
    except Exception:  # noqa: BLE001 - see the docstring
        return None
    finally:
        reset_adapters()  # the build registers its own; this one's locks go with the next collection
    return outcome.result if outcome.success else None


def _failure_text(outcome) -> str:
    if outcome.exception is not None:
        return f"dbt build failed: {type(outcome.exception).__name__}: {outcome.exception}"
    failed = [f"{r.node.name}: {r.message}" for r in getattr(outcome.result, "results", []) or []
              if str(getattr(r.status, "value", r.status)) in _FAILED]
    return "dbt build failed: " + ("; ".join(failed) or "see the run log")


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
