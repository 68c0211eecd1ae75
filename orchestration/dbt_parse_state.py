"""dbt's parse state, kept between builds: one per warehouse, the few most recently used.

dbt reads the whole project again (3-15 s) unless it finds the parse state (partial_parse.msgpack)
of an earlier run in its target folder. Every build has a target folder of its own
(orchestration/dbt_build.py), so the state is copied in before dbt starts and kept after it ends.
One per warehouse: the profile names the warehouse, so a state kept by a build on another one is
of no use, and two warehouses built in turn from one checkout (a team's and someone's own, or the
benchmark's sizes) would each undo the other's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from orchestration.dbt_project import DBT_PROJECT

# The file dbt reads and writes in its target folder.
NAME = "partial_parse.msgpack"
# How many warehouses' states are kept (tests build on many short-lived warehouses).
KEPT = 8


def kept_for(warehouse_file: Path | str) -> Path:
    """Where the builds on `warehouse_file` keep dbt's parse state."""
    key = hashlib.sha256(str(Path(warehouse_file).resolve()).encode()).hexdigest()[:16]
    return Path(DBT_PROJECT.project_dir) / "target" / "parse_states" / f"{key}.msgpack"


def restore(warehouse_file: Path | str, target: Path) -> None:
    """Put the state kept for `warehouse_file`, if any, where dbt will look for it in `target`."""
    kept = kept_for(warehouse_file)
    if kept.exists():
        shutil.copy(kept, target / NAME)


def keep(target: Path, warehouse_file: Path | str) -> None:
    """Keep the state dbt left in `target` for the next build on `warehouse_file`; only the most
    recently kept few stay."""
    state = target / NAME
    if not state.exists():
        return
    kept = kept_for(warehouse_file)
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(f".{kept.name}.{os.getpid()}")
    shutil.copy(state, partial)
    os.replace(partial, kept)  # whole or not at all, even with another build reading it
    states = sorted(kept.parent.glob("*.msgpack"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in states[KEPT:]:
        stale.unlink(missing_ok=True)
