"""`mlmcrm`: the command line for operators, `make run` and `make test`.

Every command ends either with its work done or with one clear message on
stderr and exit status 1: never a traceback for a problem a person can fix.
"""
from __future__ import annotations

import functools
import socket
import sys

import click
import psycopg

from webapp.platform import database, migrate
from webapp.platform.errors import SetupError


def friendly(command):
    """Turn setup problems into one line on stderr and exit status 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except SetupError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            sys.exit(1)
        except psycopg.OperationalError as exc:
            click.secho(f"Error: the database refused or dropped the connection: "
                        f"{str(exc).strip().splitlines()[-1]}", fg="red", err=True)
            sys.exit(1)
    return wrapper


@click.group()
def main() -> None:
    """MLM CRM: back office and CRM for direct-selling companies."""


@main.group()
def db() -> None:
    """The database: start, upgrade, inspect."""


@db.command("start")
@friendly
def db_start() -> None:
    """Start the embedded server (unless DATABASE_URL is set) and create the database."""
    database.ensure_database()
    click.echo("Database ready.")


@db.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Apply new migrations, then re-apply sql/functions/."""
    dsn = database.ensure_database()
    applied = migrate.upgrade(dsn)
    click.echo(f"Applied {', '.join(applied)}." if applied else "Schema up to date.")


@db.command("url")
@click.option("--app", "as_app", is_flag=True, help="The app's login role instead of the admin.")
@friendly
def db_url(as_app: bool) -> None:
    """Print the connection string (for psql)."""
    click.echo(database.app_dsn() if as_app else database.admin_dsn())


@main.command("check-port")
@click.argument("port", type=int)
def check_port(port: int) -> None:
    """Refuse, with advice, when PORT on 127.0.0.1 is already taken."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            click.secho(f"Error: port {port} on 127.0.0.1 is already in use. Stop the program "
                        f"using it, or choose another port: `make run PORT={port + 1}`.",
                        fg="red", err=True)
            sys.exit(1)


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True,
              type=click.Choice(["admin", "manager", "support", "finance", "auditor", "distributor"]))
@click.option("--password", help="Prompted for (hidden) when not given.")
@click.option("--first-name", default="", help="Given name.")
@click.option("--last-name", default="", help="Family name.")
@click.option("--sponsor", "sponsor_number", help="Sponsor's distributor number (distributors only).")
@friendly
def users_create(email: str, role: str, password: str | None, first_name: str, last_name: str,
                 sponsor_number: str | None) -> None:
    """Create a user who can sign in (acts as the system user; audited)."""
    from webapp.data import users as users_data
    from webapp.platform.db import Actor, bound, open_pool, unit_of_work
    from webapp.platform.errors import Refusal
    from webapp.platform.password_policy import weakness
    from webapp.platform.passwords import hash_password

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    reason = weakness(password, email)
    if reason:
        raise SetupError(f"Weak password: {reason}")
    pool = open_pool(database.app_dsn(), min_size=1, max_size=1)
    try:
        with unit_of_work(pool, Actor.system("cli-users-create")) as conn, bound(conn):
            user_id = users_data.create(email, first_name, last_name, role, hash_password(password),
                                        sponsor_number)
    except Refusal as exc:
        raise SetupError(f"{exc.message} ({exc.field})" if exc.field else exc.message) from exc
    finally:
        pool.close()
    click.echo(f"Created {role} {email} ({user_id}).")


@main.group()
def demo() -> None:
    """Demo data for trying the product."""


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when distributors already exist.")
@click.option("--distributors", default=300, show_default=True)
@click.option("--seed", default=42, show_default=True)
@friendly
def demo_load(if_empty: bool, distributors: int, seed: int) -> None:
    """Load demo distributors, customers, contacts, orders and users of every role."""
    from webapp.tools import demo_data

    dsn = database.admin_dsn()
    with database.connect_admin(dsn) as conn:
        if if_empty and conn.execute("select exists (select from distributors)").fetchone()[0]:
            click.echo("Demo data already loaded.")
            return
        summary = demo_data.load(conn, distributors=distributors, seed=seed)
        closed = demo_data.close_past_months(conn)
    click.echo(summary)
    click.echo(closed)
    click.echo(demo_data.LOGINS_TEXT)


@main.command("generate")
@click.option("--distributors", type=click.IntRange(min=1), required=True, help="How many distributors.")
@click.option("--months", type=click.IntRange(min=0), default=3, show_default=True,
              help="Months of orders up to now (0: the organisation only).")
@click.option("--seed", default=42, show_default=True, help="Same seed, same organisation.")
@click.option("--orders-per-month", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Orders per active distributor a month.")
@click.option("--password", help="One password for every generated user (hashed once); without it "
                                 "nobody can sign in as them.")
@friendly
def generate_command(distributors: int, months: int, seed: int, orders_per_month: float,
                     password: str | None) -> None:
    """Generate a real-looking organisation (users, sponsor tree, contacts,
    customers, orders) into an empty database, via COPY. For benchmarks and
    big demos: nobody can sign in as these people unless --password is given."""
    from webapp.tools import generate

    bar = _StepBar()
    with database.connect_admin(database.admin_dsn()) as conn:
        try:
            result = generate.generate(conn, distributors, months, seed, orders_per_month=orders_per_month,
                                       password=password, progress=bar)
        finally:
            bar.close()
    click.echo(result.text())
    click.echo("Seconds per step: " + ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items()))


class _StepBar:
    """One click progress bar per generation step, on stderr."""

    def __init__(self):
        self.step = None
        self.bar = None
        self.done = 0

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self.step:
            self.close()
            self.step, self.done = step, 0
            # A step that does not know its total yet (0) gets click's bar of
            # unknown length: an iterable without a length hint, since
            # progressbar(length=None) alone is a TypeError.
            self.bar = click.progressbar((_ for _ in ()) if not total else None, length=total or None,
                                         label=f"{step:<18}", file=sys.stderr, show_pos=True, show_eta=False)
            self.bar.__enter__()
        if self.bar.length is None and total:
            self.bar.length = total
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


if __name__ == "__main__":  # pragma: no cover
    main()
