"""dbt's JSON schemas, kept in a file between builds instead of derived again by every dbt process.

Before it builds anything, dbt validates the profile, dbt_project.yml and the project's configs
against JSON schemas that mashumaro derives from dbt's dataclasses, once per class and process:
kept, the project read of a daily build at ten years took 0.70–0.89 s instead of 1.17–1.30 s,
on the path of every run. A schema depends only on the dataclass, that is on the installed dbt and
mashumaro, so the file names their versions; one written under other versions is not read, and
the next build writes it afresh. A class the file lacks has its schema derived as dbt would.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path

from dbt_common.dataclass_schema import dbtClassMixin

# What the schemas are derived by and from.
_PACKAGES = ("dbt-core", "dbt-common", "dbt-adapters", "dbt-duckdb", "mashumaro")
# dbt's own derivation, taken before use() replaces the method.
_derive = dbtClassMixin.json_schema.__func__


class KeptSchemas:
    """The schemas in `path`, served to dbt in place of deriving them (`use`); `keep` writes the
    file again when dbt asked for a schema it did not have."""

    def __init__(self, path: Path):
        self.path = path
        self.versions = {name: version(name) for name in _PACKAGES}
        self.schemas: dict[str, dict] = {}
        self.added = False
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none kept yet, or a file cut short: derived as usual, then written
        if isinstance(kept, dict) and kept.get("versions") == self.versions:
            self.schemas = kept.get("schemas", {})

    def use(self) -> None:
        """Have dbt ask this object for every schema (for the rest of this process)."""
        def json_schema(cls) -> dict:
            name = f"{cls.__module__}.{cls.__qualname__}"
            schema = self.schemas.get(name)
            if schema is None:
                schema = self.schemas[name] = _derive(cls)
                self.added = True
            return schema

        dbtClassMixin.json_schema = classmethod(json_schema)

    def keep(self) -> None:
        """Write the file when this process derived a schema it lacked; whole or not at all, as
        other builds may be reading it."""
        if not self.added:
            return
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            partial.write_text(json.dumps({"versions": self.versions, "schemas": self.schemas}), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            partial.unlink(missing_ok=True)  # a build is not failed for it: the next derives them again
            return
        self.added = False
