"""Real servers the tests start on 127.0.0.1 and stop again: moto's S3 and a PostgreSQL cluster.

Each listens on a free loopback port, is waited for with a deadline, and is stopped (then killed if
it lingers) when its block ends, whatever the test did. What a server printed is shown when it
does not come up.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

START_DEADLINE_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def moto_s3(log_dir: Path) -> Iterator[str]:
    """moto's S3 in server mode, in a child process; yields its endpoint URL."""
    port = free_port()
    log = log_dir / "moto.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_DEADLINE_S
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto's S3 did not answer on {endpoint}:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield endpoint
    finally:
        _stop(process)


def postgres_bin_dir() -> Path | None:
    """Debian's PostgreSQL binaries (the newest installed version), or initdb's folder on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def require_postgres() -> Path:
    """The binaries' folder; skipped when they are missing, except under CI=true, where .ci/run installs them."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        reason = "PostgreSQL's initdb and pg_ctl are not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return bin_dir


@contextlib.contextmanager
def postgres(bin_dir: Path) -> Iterator[str]:
    """A throwaway cluster in a temporary folder; yields a URL naming its database `dagster`.

    PostgreSQL refuses to run as root, so when the tests run as root the cluster belongs to
    `nobody` (its folder too: pytest's own tmp folders are closed to other users)."""
    as_root = os.geteuid() == 0
    user = {"user": "nobody", "group": "nogroup", "extra_groups": []} if as_root else {}
    folder = Path(tempfile.mkdtemp(prefix="breakeven-pg-"))
    data = folder / "data"
    if as_root:
        shutil.chown(folder, "nobody", "nogroup")
    port = free_port()

    def run(*command: str) -> None:
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=START_DEADLINE_S, **user)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--locale=C",
            "--encoding=UTF8", "--no-sync")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
            "-t", str(START_DEADLINE_S), "-o", f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off", "start")
        try:
            run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "dagster")
            yield f"postgresql://postgres@127.0.0.1:{port}/dagster"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", str(START_DEADLINE_S), "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
