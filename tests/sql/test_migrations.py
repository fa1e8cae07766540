"""The migration runner: order, checksums, the advisory lock, functions re-applied."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psycopg
import pytest

from webapp.platform import migrate
from webapp.platform.errors import SetupError


def _copy_sql(tmp_path: Path) -> tuple[Path, Path]:
    migrations = tmp_path / "migrations"
    functions = tmp_path / "functions"
    shutil.copytree(migrate.MIGRATIONS_DIR, migrations)
    shutil.copytree(migrate.FUNCTIONS_DIR, functions)
    return migrations, functions


def _versions(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        return [r[0] for r in conn.execute("select version from private.schema_migrations order by version")]


def test_every_migration_recorded_once_with_its_checksum(admin_dsn):
    with psycopg.connect(admin_dsn) as conn:
        rows = dict(conn.execute("select version, checksum from private.schema_migrations").fetchall())
    expected = {m.version: m.checksum for m in migrate.find_migrations()}
    assert rows == expected


def test_upgrade_twice_applies_nothing_the_second_time(fresh_db):
    assert migrate.upgrade(fresh_db) == []
    assert migrate.pending(fresh_db) == []


def test_edited_migration_is_refused_and_nothing_runs(fresh_db, tmp_path):
    migrations, functions = _copy_sql(tmp_path)
    first = sorted(migrations.glob("0001_*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after landing\n")
    (migrations / "9999_new_table.sql").write_text("create table public.must_not_exist (id int);")

    with pytest.raises(SetupError, match=r"0001_.*was edited after it was applied"):
        migrate.upgrade(fresh_db, migrations, functions)

    assert "9999_new_table" not in _versions(fresh_db)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("select to_regclass('public.must_not_exist')").fetchone()[0] is None


def test_a_failing_migration_rolls_back_whole(fresh_db, tmp_path):
    migrations, functions = _copy_sql(tmp_path)
    (migrations / "9998_half.sql").write_text(
        "create table public.half_done (id int);\nselect 1/0;\n")
    with pytest.raises(SetupError, match="9998_half.sql failed and was rolled back"):
        migrate.upgrade(fresh_db, migrations, functions)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("select to_regclass('public.half_done')").fetchone()[0] is None
    assert "9998_half" not in _versions(fresh_db)


def test_two_upgrades_racing_apply_each_migration_once(fresh_db, tmp_path):
    migrations, functions = _copy_sql(tmp_path)
    # A slow new migration: without the lock both racers would run it and one would fail.
    (migrations / "9997_slow.sql").write_text(
        "select pg_sleep(0.5);\ncreate table public.raced (id int);\n")
    results: dict[int, object] = {}

    def run(i: int) -> None:
        try:
            results[i] = migrate.upgrade(fresh_db, migrations, functions)
        except Exception as exc:  # collected and asserted below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(results.values(), key=len) == [[], ["9997_slow"]]
    assert _versions(fresh_db).count("9997_slow") == 1


def test_functions_are_reapplied_on_every_upgrade(fresh_db, tmp_path):
    migrations, functions = _copy_sql(tmp_path)
    (functions / "public").mkdir(exist_ok=True)
    (functions / "public" / "zz_probe.sql").write_text(
        "create or replace function public.zz_probe() returns int language sql as $$ select 1 $$;")
    migrate.upgrade(fresh_db, migrations, functions)
    (functions / "public" / "zz_probe.sql").write_text(
        "create or replace function public.zz_probe() returns int language sql as $$ select 2 $$;")
    migrate.upgrade(fresh_db, migrations, functions)
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("select public.zz_probe()").fetchone()[0] == 2
