"""The fault bench: a local server, one temporary warehouse per source, a shared archive, and a
good day of every source landed before any fault.

One warehouse per source lets the cells of a fault run side by side (threads: most of a cell is
waiting on the server), and an open connection per warehouse while a fault runs keeps DuckDB from
reopening the file for every query.

docs/faults.md is written from the results by `pytest_sessionfinish`, when every cell ran and the
session had no failure (a partial run, `-k`, or a red run leaves the committed file alone).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import duckdb
import pytest

from orchestration.warehouse.pipeline import IngestResult, ingest
from scrapers.archive import Archive
from scrapers.registry import Source, all_sources
from tests.conftest import FIXTURES
from tests.faults.catalogue import FAULTS
from tests.faults.matrix import Matrix
from tests.faults.server import FaultServer

# The gcp source's live fetch refuses to start without an API key; the local server ignores it.
os.environ.setdefault("BREAKEVEN_GCP_API_KEY", "fault-bench-key")

GOOD_DAY = date(2026, 11, 2)
# Each fault lands on its own day. The unit switch comes first: the quarantine compares a price
# with the offer's last day within a week (orchestration/warehouse/quarantine.py).
FAULT_DAYS = {fault.id: GOOD_DAY + timedelta(days=i + 1)
              for i, fault in enumerate(sorted(FAULTS, key=lambda fault: fault.id != "unit_switch"))}
WORKERS = 8

MATRIX = Matrix()
T = TypeVar("T")


@dataclass
class Bench:
    server: FaultServer
    root: Path
    archive: Archive
    sources: dict[str, Source]

    def warehouse(self, source_id: str) -> Path:
        return self.root / f"{source_id}.duckdb"

    def ingest(self, source: Source, day: date) -> IngestResult:
        return ingest(source, day, self.server.client(set(source.hosts)), self.archive, self.warehouse(source.id),
                      run_id=f"faults-{day.isoformat()}")

    def query(self, source_id: str, sql: str, params=()) -> list[tuple]:
        # The same configuration as orchestration.warehouse.connect, so an open keeper is shared.
        with duckdb.connect(str(self.warehouse(source_id))) as con:
            return con.execute(sql, params).fetchall()

    def rows(self, source_id: str, day: date, exclude: tuple[str, ...] = ()) -> list[tuple]:
        columns = f"* exclude ({', '.join(exclude)})" if exclude else "*"
        return self.query(source_id, f"select {columns} from raw.{source_id} where observed_date = ? order by all", [day])

    def fingerprint(self, source_id: str, day: date) -> str:
        """The day's rows of the source and its archive index, as one hash."""
        digest = hashlib.sha256(repr(self.rows(source_id, day)).encode())
        index = self.archive.index_path(source_id, day)
        digest.update(index.read_bytes() if index.exists() else b"<no index>")
        return digest.hexdigest()

    @contextlib.contextmanager
    def keepers(self, source_ids: Iterable[str]):
        """Hold each warehouse open (read-write) while a fault runs; closed before `status` reads."""
        connections = [duckdb.connect(str(self.warehouse(s))) for s in source_ids]
        try:
            yield
        finally:
            for con in connections:
                con.close()

    @staticmethod
    def each(items: Iterable[str], work: Callable[[str], T]) -> dict[str, T]:
        items = list(items)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            return dict(zip(items, pool.map(work, items)))


@pytest.fixture(scope="session")
def fault_server():
    server = FaultServer(FIXTURES).start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def bench(fault_server, tmp_path_factory) -> Bench:
    bench = Bench(server=fault_server, root=tmp_path_factory.mktemp("faults"),
                  archive=Archive(tmp_path_factory.mktemp("faults_archive")), sources=all_sources())
    fault_server.set_plans({})
    landed = bench.each(bench.sources, lambda s: bench.ingest(bench.sources[s], GOOD_DAY).rows)
    assert all(landed.values()), f"a source landed nothing on the good day: {landed}"
    return bench


@pytest.fixture(scope="session")
def matrix() -> Matrix:
    return MATRIX


def pytest_sessionfinish(session, exitstatus):
    if MATRIX.complete and session.testsfailed == 0 and exitstatus == 0:
        if MATRIX.write():
            print("\nfault suite: rewrote docs/faults.md")
