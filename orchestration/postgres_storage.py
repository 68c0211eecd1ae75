"""Dagster's PostgreSQL storage (dagster-postgres), reached through psycopg2 whatever the URL says.

SQLAlchemy 2.1 reads a bare `postgresql://` URL as psycopg 3, which dagster-postgres does not
install (it brings psycopg2), and psycopg 3 would not do: dagster-postgres configures each new
webserver connection inside `with conn:`, which closes a psycopg 3 connection. So a URL that names
no driver gets psycopg2's here, in every process that loads the instance from dagster.yaml (the
CLI, the webserver, the daemon, a run worker). Everything else is dagster-postgres's own.

Configured in the dagster.yaml that orchestration.settings writes when BREAKEVEN_DAGSTER_PG_URL is set.
"""

from __future__ import annotations

from dagster_postgres import DagsterPostgresStorage
from dagster_postgres.utils import get_token_provider_from_config, pg_url_from_config

from orchestration.settings import DAGSTER_PG_URL_ENV, SetupError

CONNECT_TIMEOUT_S = 10

_BARE_SCHEMES = ("postgresql://", "postgres://")


def with_psycopg2(url: str) -> str:
    for scheme in _BARE_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg2://" + url[len(scheme):]
    return url


class PostgresStorage(DagsterPostgresStorage):
    @classmethod
    def from_config_value(cls, inst_data, config_value) -> DagsterPostgresStorage:
        return cls(inst_data=inst_data, postgres_url=with_psycopg2(pg_url_from_config(config_value)),
                   should_autocreate_tables=config_value.get("should_autocreate_tables", True),
                   token_provider=get_token_provider_from_config(config_value))


def check_reachable(url: str) -> None:
    """One connection attempt, so that a database that does not answer is one clear line, not
    dagster-postgres's five retries with their warnings and a stack trace."""
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    engine = sqlalchemy.create_engine(with_psycopg2(url), poolclass=NullPool,
                                      connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    try:
        engine.connect().close()
    except sqlalchemy.exc.SQLAlchemyError as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        raise SetupError(f"Dagster's PostgreSQL ({DAGSTER_PG_URL_ENV}) cannot be used: {reason}") from exc
    finally:
        engine.dispose()
