"""The demo data behind `make run` (webapp/tools/demo_data.py): logins of every role
that work, a healthy tree, orders that keep the contract, and the same tree
for the same seed."""
from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.conninfo import make_conninfo

from webapp import cli
from webapp.platform.errors import SetupError
from webapp.platform.passwords import verify_password
from webapp.tools import demo_data

N = 120


def _load(dsn: str, distributors: int = N, seed: int = 42) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return demo_data.load(conn, distributors=distributors, seed=seed)


@pytest.fixture(scope="module")
def demo_db(clone_db, server_dsn) -> str:
    """One database of this module's own with the demo loaded (committed), read by most tests."""
    dsn = make_conninfo(server_dsn, dbname=clone_db("demo"))
    _load(dsn)
    return dsn


@pytest.fixture
def demo(demo_db):
    with psycopg.connect(demo_db, autocommit=True) as conn:
        yield conn


def one(conn, query, params=None):
    return conn.execute(query, params).fetchone()[0]


def test_summary_counts_what_was_loaded(fresh_db):
    summary = _load(fresh_db, distributors=40, seed=7)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        orders = one(conn, "select count(*) from orders")
        customers = one(conn, "select count(*) from customers")
        assert one(conn, "select count(*) from distributors") == 40
    assert "40 distributors" in summary
    assert f"{orders:,} orders" in summary
    assert f"{customers:,} customers" in summary


def test_every_role_has_a_login_whose_documented_password_works(demo):
    rows = demo.execute(
        "select u.email::text, u.role::text, u.status::text, c.password_hash"
        "  from users u join private.user_credentials c on c.user_id = u.id"
        " where u.email::text like %s", [f"%@{demo_data.DEMO_DOMAIN}"]).fetchall()
    logins = {email: (role, status, hash_) for email, role, status, hash_ in rows}
    assert {email for email, _, _ in demo_data.DEMO_LOGINS} == set(logins)
    assert {role for role, _, _ in logins.values()} == {
        "admin", "manager", "support", "finance", "auditor", "distributor"}
    for email, role, _ in demo_data.DEMO_LOGINS:
        assert logins[email][:2] == (role, "active")
        assert verify_password(logins[email][2], demo_data.DEMO_PASSWORD), email
    assert demo_data.DEMO_PASSWORD in demo_data.LOGINS_TEXT
    assert all(email in demo_data.LOGINS_TEXT for email, _, _ in demo_data.DEMO_LOGINS)
    # Nobody else can sign in: the other distributors and the system user have no credentials.
    assert one(demo, "select count(*) from private.user_credentials") == len(demo_data.DEMO_LOGINS)


def test_the_demo_distributors_are_the_root_and_one_in_the_middle_with_a_downline(demo):
    root, mid = demo.execute(
        "select d.sponsor_id is null,"
        "       (select count(*) from genealogy_paths g"
        "         where g.ancestor_id = d.user_id and g.path_type = 'sponsor'),"
        "       (select max(depth) from genealogy_paths g"
        "         where g.descendant_id = d.user_id and g.path_type = 'sponsor')"
        "  from distributors d join users u on u.id = d.user_id"
        " where u.email in (%s, %s) order by u.email = %s desc",
        [demo_data.ROOT_EMAIL, demo_data.MID_EMAIL, demo_data.ROOT_EMAIL]).fetchall()
    assert root == (True, N - 1, None)
    assert mid[0] is False and mid[1] >= 3 and mid[2] >= 2


def test_tree_is_healthy_and_looks_real(demo):
    assert one(demo, "select count(*) from check_genealogy()") == 0
    assert one(demo, "select count(*) from distributors") == N
    assert one(demo, "select count(*) from distributors where sponsor_id is null") == 1
    assert one(demo, "select count(*) from distributors where rank_id is not null") == 0
    depth = one(demo, "select max(depth) from genealogy_paths where path_type = 'sponsor'")
    assert 4 <= depth <= demo_data.MAX_DEPTH
    # A recruit never joins before its sponsor.
    assert one(demo, "select count(*) from distributors d join distributors s on s.user_id = d.sponsor_id"
                     " where d.join_date < s.join_date") == 0
    # Most people have 0-3 recruits.
    few = one(demo, "select avg(((select count(*) from distributors r where r.sponsor_id = d.user_id) <= 3)"
                    "           ::int) from distributors d")
    assert few > Decimal("0.8")
    statuses = dict(demo.execute("select status::text, count(*) from distributors group by 1").fetchall())
    assert statuses["active"] > N * 0.7
    assert one(demo, "select count(distinct distributor_number) from distributors"
                     " where distributor_number ~ '^D[0-9]{7}$'") == N


def test_orders_add_up(demo):
    assert one(demo, "select count(*) from orders") > N
    assert one(demo, "select count(*) from orders o where not exists"
                     " (select from order_items i where i.order_id = o.id)") == 0
    bad = demo.execute(
        "select o.order_number from orders o"
        "  join (select order_id, sum(total_price) as price, sum(pv) as pv, count(*) as n"
        "          from order_items group by order_id) i on i.order_id = o.id"
        " where o.subtotal <> i.price or o.total_pv <> i.pv or i.n not between 1 and 3"
        "    or o.total <> o.subtotal + o.tax_amount + o.shipping_amount - o.discount_amount").fetchall()
    assert bad == []
    assert one(demo, "select count(*) from order_items i join products p on p.id = i.product_id"
                     " where i.total_price <> i.quantity * i.unit_price"
                     "    or i.pv <> i.quantity * p.pv or i.unit_price <> p.price") == 0
    assert one(demo, "select count(*) from orders where order_number !~ '^SO-[0-9]{4}-[0-9]{6}$'") == 0


def test_orders_keep_the_payment_contract_and_fall_in_open_periods(demo):
    by_state = dict(demo.execute(
        "select payment_status::text || '/' || status::text, count(*) from orders group by 1").fetchall())
    assert any(k.startswith("paid/") for k in by_state)
    assert by_state.get("refunded/refunded", 0) > 0
    assert any(k.endswith("/cancelled") for k in by_state)
    assert by_state.get("pending/pending", 0) > 0
    assert set(by_state) <= {
        "paid/confirmed", "paid/processing", "paid/shipped", "paid/delivered", "refunded/refunded",
        "pending/pending", "pending/cancelled", "failed/cancelled"}
    assert one(demo, "select count(*) from orders where payment_status in ('paid', 'refunded')"
                     " and paid_at is null") == 0
    assert one(demo, "select count(*) from orders where payment_status = 'refunded'"
                     " and not (refunded_at > paid_at)") == 0
    assert one(demo, "select count(*) from orders where payment_status not in ('paid', 'refunded')"
                     " and (paid_at is not null or refunded_at is not null)") == 0
    # Every order lies between the first open period's start and now.
    assert one(demo, "select count(*) from orders o where o.created_at > public.app_now()"
                     " or coalesce(o.refunded_at, o.paid_at, o.created_at) > public.app_now()"
                     " or (o.created_at at time zone 'UTC')::date"
                     "    < (select min(start_date) from commission_periods)") == 0
    periods = demo.execute("select id, name, status::text from commission_periods order by id").fetchall()
    assert len(periods) == 4 and {p[2] for p in periods} == {"open"}
    assert periods[-1][0] == one(demo, "select to_char(public.app_now() at time zone 'UTC', 'YYYY-MM')")


def test_order_types_and_customers(demo):
    # A personal order is placed for the distributor's own customer row; a
    # retail order for one of the distributor's other customers.
    assert one(demo, "select count(*) from orders o join customers c on c.id = o.customer_id"
                     " where c.distributor_id <> o.distributor_id") == 0
    assert one(demo, "select count(*) from orders o join customers c on c.id = o.customer_id"
                     " join users u on u.id = o.distributor_id"
                     " where (o.order_type = 'personal') <> (c.email = u.email)") == 0
    types = dict(demo.execute("select order_type::text, count(*) from orders group by 1").fetchall())
    assert types["retail"] > 0 and types["personal"] > 0
    assert one(demo, "select count(*) from customers where jsonb_typeof(shipping_addresses) <> 'array'"
                     " or jsonb_array_length(shipping_addresses) = 0 or billing_address is null") == 0
    assert one(demo, "select count(distinct marketing_opt_in) from customers") == 2


def test_catalogue_and_crm(demo):
    assert 4 <= one(demo, "select count(*) from product_categories") <= 6
    assert one(demo, "select count(*) from products") >= 15
    assert one(demo, "select count(*) from products where pv not between price * 0.7 and price * 0.9") == 0
    assert one(demo, "select count(*) from products where is_subscription"
                     " and subscription_frequency in (30, 60)") >= 3
    per_login = demo.execute(
        "select u.email::text, count(c.id) from users u left join contacts c on c.owner_id = u.id"
        " where u.email in (%s, %s) group by 1", [demo_data.ROOT_EMAIL, demo_data.MID_EMAIL]).fetchall()
    assert len(per_login) == 2 and all(5 <= n <= 15 for _, n in per_login)
    for email in (demo_data.ROOT_EMAIL, demo_data.MID_EMAIL):
        due = demo.execute(
            "select count(*) filter (where t.due_at < public.app_now() and t.status = 'pending'),"
            "       count(*) filter (where (t.due_at at time zone 'UTC')::date"
            "                               = (public.app_now() at time zone 'UTC')::date"
            "                         and t.due_at >= public.app_now()),"
            "       count(*) filter (where (t.due_at at time zone 'UTC')::date"
            "                               > (public.app_now() at time zone 'UTC')::date)"
            "  from tasks t join users u on u.id = t.assignee_id where u.email = %s", [email]).fetchone()
        assert all(n > 0 for n in due), (email, due)
        assert one(demo, "select count(*) from activities a join users u on u.id = a.owner_id"
                         " where u.email = %s", [email]) > 0


def test_same_seed_gives_the_same_tree(demo, fresh_db):
    _load(fresh_db)
    query = ("select d.distributor_number, s.distributor_number from distributors d"
             " left join distributors s on s.user_id = d.sponsor_id order by 1")
    with psycopg.connect(fresh_db, autocommit=True) as again:
        assert again.execute(query).fetchall() == demo.execute(query).fetchall()


def test_another_seed_gives_another_tree(demo, fresh_db):
    _load(fresh_db, seed=43)
    query = ("select d.distributor_number, s.distributor_number from distributors d"
             " left join distributors s on s.user_id = d.sponsor_id order by 1")
    with psycopg.connect(fresh_db, autocommit=True) as other:
        assert other.execute(query).fetchall() != demo.execute(query).fetchall()


def test_a_second_load_is_refused_and_changes_nothing(demo, demo_db):
    before = one(demo, "select count(*) from users") + one(demo, "select count(*) from orders")
    with pytest.raises(SetupError, match="already has 120 distributors"):
        _load(demo_db)
    assert one(demo, "select count(*) from users") + one(demo, "select count(*) from orders") == before


def test_cli_if_empty_skips_a_loaded_database(demo_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_db)
    result = CliRunner().invoke(cli.main, ["demo", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "already loaded" in result.output
    result = CliRunner().invoke(cli.main, ["demo", "load"])
    assert result.exit_code == 1
    assert "Demo data was not loaded" in result.output


def test_cli_load_closes_the_months_that_have_ended(fresh_db, monkeypatch):
    """`make run`'s demo has statements from the first sign-in: the ended months
    are closed (all but the last finalized) and the open month has estimates."""
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    result = CliRunner().invoke(cli.main, ["demo", "load", "--distributors", "40", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Closed the demo months that have ended" in result.output
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        periods = conn.execute("select id, status::text, total_commissions,"
                               "       (select coalesce(sum(amount), 0) from commission_ledger l"
                               "         where l.period_id = p.id)"
                               "  from commission_periods p order by id").fetchall()
        assert [p[1] for p in periods] == ["finalized", "finalized", "closed", "open"]
        assert all(p[2] == p[3] for p in periods[:3])
        assert sum(p[3] for p in periods[:3]) > 0
        assert one(conn, "select count(*) from period_estimates where period_id = %s", [periods[3][0]]) > 0
