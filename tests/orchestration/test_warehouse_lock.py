"""A reader holding the warehouse makes a writer wait, with a message, instead of failing."""

import subprocess
import sys
import time

import duckdb
import pytest

from orchestration import warehouse as wh


def _hold_read_only(path, seconds: float) -> subprocess.Popen:
    script = f"import duckdb, time; c = duckdb.connect({str(path)!r}, read_only=True); print('open', flush=True); time.sleep({seconds})"
    reader = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    return reader


def test_a_writer_waits_for_a_reader_to_close_and_says_so(tmp_path, capsys):
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    reader = _hold_read_only(path, 2)
    started = time.monotonic()
    with wh.connect(path, wait_s=30) as con:
        con.execute("create table t as select 1 as x")
    assert time.monotonic() - started >= 1
    assert "in use by another process" in capsys.readouterr().err
    reader.wait()


def test_a_writer_gives_up_after_the_bounded_wait(tmp_path):
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    reader = _hold_read_only(path, 5)
    with pytest.raises(duckdb.IOException, match="lock"):
        with wh.connect(path, wait_s=1):
            pass
    reader.kill()
