"""Schema upgrades: versioned migrations once, then repeatable functions.

A small runner of our own (see sql/migrations/README.md for why):
- `sql/migrations/NNNN_slug.sql` run once each, in order, each file whole in
  its own transaction, recorded with its sha256 in `private.schema_migrations`;
- an applied file that was edited stops the upgrade before anything runs;
- then every `sql/functions/<schema>/<name>.sql` is re-applied
  (`create or replace`) in one transaction;
- all of it under one advisory lock, so two processes starting together
  apply each migration once: the second waits, then finds nothing to do.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import psycopg

from webapp.platform import config
from webapp.platform.errors import SetupError

LOCK_KEY = 7_361_822_001  # the registry's "migrations" key (sql/LOCKS.md; tests/sql/test_locks.py)
MIGRATIONS_DIR = config.SQL_DIR / "migrations"
FUNCTIONS_DIR = config.SQL_DIR / "functions"


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def find_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    files = sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    return [Migration(p.stem, p) for p in files]


def find_functions(directory: Path = FUNCTIONS_DIR) -> list[Path]:
    return sorted(directory.rglob("*.sql"))


def upgrade(dsn: str, migrations_dir: Path = MIGRATIONS_DIR,
            functions_dir: Path = FUNCTIONS_DIR) -> list[str]:
    """Bring the database at `dsn` up to date; return the versions applied."""
    migrations = find_migrations(migrations_dir)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            _ensure_ledger(conn)
            applied = _applied(conn)
            _refuse_edited(applied, migrations)
            done = []
            for migration in migrations:
                if migration.version not in applied:
                    _apply(conn, migration)
                    done.append(migration.version)
            _apply_functions(conn, find_functions(functions_dir))
            return done
        finally:
            conn.execute("select pg_advisory_unlock(%s)", [LOCK_KEY])


def pending(dsn: str, migrations_dir: Path = MIGRATIONS_DIR) -> list[str]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        _ensure_ledger(conn)
        applied = _applied(conn)
    return [m.version for m in find_migrations(migrations_dir) if m.version not in applied]


def _ensure_ledger(conn: psycopg.Connection) -> None:
    conn.execute("create schema if not exists private")
    conn.execute(
        """create table if not exists private.schema_migrations (
             version text primary key,
             checksum text not null,
             applied_at timestamptz not null default now())"""
    )


def _applied(conn: psycopg.Connection) -> dict[str, str]:
    rows = conn.execute("select version, checksum from private.schema_migrations").fetchall()
    return dict(rows)


def _refuse_edited(applied: dict[str, str], migrations: list[Migration]) -> None:
    for migration in migrations:
        recorded = applied.get(migration.version)
        if recorded and recorded != migration.checksum:
            raise SetupError(
                f"{migration.path.name} was edited after it was applied to this database "
                f"(recorded sha256 {recorded[:12]}…, file now {migration.checksum[:12]}…). "
                "Nothing was run. Migrations run once: restore the file "
                f"(`git checkout -- sql/migrations/{migration.path.name}`) and put the change "
                "in a new migration."
            )


def _apply(conn: psycopg.Connection, migration: Migration) -> None:
    try:
        with conn.transaction():
            conn.execute(migration.sql.encode())  # sent whole: $$ bodies stay intact
            conn.execute(
                "insert into private.schema_migrations (version, checksum) values (%s, %s)",
                [migration.version, migration.checksum],
            )
    except psycopg.Error as exc:
        raise SetupError(f"Migration {migration.path.name} failed and was rolled back: "
                         f"{_describe(exc)}") from exc


def _apply_functions(conn: psycopg.Connection, files: list[Path]) -> None:
    try:
        with conn.transaction():
            # Bodies may call functions defined in a later file.
            conn.execute("set local check_function_bodies = off")
            for path in files:
                conn.execute(path.read_bytes())
    except psycopg.Error as exc:
        raise SetupError(f"Re-applying sql/functions failed and was rolled back "
                         f"(at {path.relative_to(path.parents[2])}): {_describe(exc)}") from exc


def _describe(exc: psycopg.Error) -> str:
    diag = exc.diag
    where = f" ({diag.context.strip().splitlines()[0]})" if diag.context else ""
    return f"{diag.sqlstate or ''} {diag.message_primary or exc}{where}".strip()
