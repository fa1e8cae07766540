"""sql-contract.md: rows giving only the listed columns are accepted by a
superuser connection, and the triggers do their work on them."""
from __future__ import annotations

import uuid

from factories import make_user

ADDRESS = '{"line1": "1 Main St", "city": "Springfield", "country": "US"}'


def test_minimal_rows_of_every_contract_table_are_accepted(db):
    ids = {k: str(uuid.uuid4()) for k in ("sponsor", "recruit", "customer", "product", "paid", "refunded", "contact")}
    db.execute("insert into users (id, email, role, status) values (%s, 'sp@x.test', 'distributor', 'active'),"
               " (%s, 'rc@x.test', 'distributor', 'active')", [ids["sponsor"], ids["recruit"]])
    db.execute("insert into distributors (user_id, distributor_number, sponsor_id, join_date, status)"
               " values (%s, 'D1', null, '2025-01-01', 'active'), (%s, 'D2', %s, '2025-01-05', 'active')",
               [ids["sponsor"], ids["recruit"], ids["sponsor"]])
    db.execute("insert into customers (id, customer_number, distributor_id, email) values (%s, 'C1', %s, 'c@x.test')",
               [ids["customer"], ids["recruit"]])
    db.execute("insert into products (id, sku, name, price, pv) values (%s, 'SKU1', 'Shake', 49.90, 40)",
               [ids["product"]])
    db.execute(
        "insert into orders (id, order_number, customer_id, distributor_id, order_type, status, payment_status,"
        " subtotal, total, paid_at, refunded_at, shipping_address, billing_address) values"
        " (%(paid)s, 'O1', %(c)s, %(d)s, 'retail', 'confirmed', 'paid', 99.80, 99.80,"
        "  '2025-01-10T10:00Z', null, %(a)s, %(a)s),"
        " (%(refunded)s, 'O2', %(c)s, %(d)s, 'personal', 'refunded', 'refunded', 49.90, 49.90,"
        "  '2025-01-11T10:00Z', '2025-02-02T09:00Z', %(a)s, %(a)s)",
        {"paid": ids["paid"], "refunded": ids["refunded"], "c": ids["customer"], "d": ids["recruit"], "a": ADDRESS})
    db.execute("insert into order_items (order_id, product_id, quantity, unit_price, total_price, pv) values"
               " (%s, %s, 2, 49.90, 99.80, 80), (%s, %s, 1, 49.90, 49.90, 40)",
               [ids["paid"], ids["product"], ids["refunded"], ids["product"]])
    db.execute("insert into contacts (id, owner_id, first_name, last_name, email)"
               " values (%s, %s, 'Ann', 'Lee', 'ann@x.test')",
               [ids["contact"], ids["recruit"]])

    assert db.execute("select name from contacts where id = %s", [ids["contact"]]).fetchone()["name"] == "Ann Lee"
    paths = db.execute("select ancestor_id::text, depth, path_type::text from genealogy_paths"
                       " where descendant_id = %s", [ids["recruit"]]).fetchall()
    assert paths == [{"ancestor_id": ids["sponsor"], "depth": 1, "path_type": "sponsor"}]
    audited = db.execute("select entity_type, row_count from audit_logs where action = 'insert'"
                         " and entity_type in ('users', 'distributors', 'orders') order by id").fetchall()
    assert audited == [{"entity_type": "users", "row_count": 2}, {"entity_type": "distributors", "row_count": 2},
                       {"entity_type": "orders", "row_count": 2}]


def test_genealogy_closure_for_a_bulk_insert_in_any_order(db):
    """A multi-row insert, recruits listed before their sponsors, gets the exact closure."""
    people = [make_user(db) for _ in range(6)]
    a, b, c, d, e, f = people
    # f under e under d under c under b under a, plus a placement of d under a.
    rows = [(f, e, None), (e, d, None), (d, c, a), (c, b, None), (b, a, None), (a, None, None)]
    db.execute(
        "insert into distributors (user_id, distributor_number, sponsor_id, placement_id)"
        " select u, 'N' || ord, s, p"
        " from unnest(%s::uuid[], %s::uuid[], %s::uuid[]) with ordinality as t(u, s, p, ord)",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]])
    assert db.execute("select count(*) as n from check_genealogy()").fetchone()["n"] == 0
    depth = db.execute("select depth from genealogy_paths where ancestor_id = %s and descendant_id = %s"
                       " and path_type = 'sponsor'", [a, f]).fetchone()["depth"]
    assert depth == 5
    placement = db.execute("select count(*) as n from genealogy_paths where path_type = 'placement'").fetchone()["n"]
    assert placement == 1


def test_insert_under_an_existing_upline_extends_its_paths(db):
    top = make_user(db)
    db.execute("insert into distributors (user_id, distributor_number) values (%s, 'T1')", [top])
    mid = make_user(db)
    db.execute("insert into distributors (user_id, distributor_number, sponsor_id) values (%s, 'T2', %s)", [mid, top])
    new = [make_user(db) for _ in range(3)]
    db.execute("insert into distributors (user_id, distributor_number, sponsor_id)"
               " select u, 'T' || (2 + ord), %s from unnest(%s::uuid[]) with ordinality as t(u, ord)", [mid, new])
    rows = db.execute("select count(*) as n from genealogy_paths where ancestor_id = %s", [top]).fetchone()["n"]
    assert rows == 4
    assert db.execute("select count(*) as n from check_genealogy()").fetchone()["n"] == 0


def test_check_genealogy_reports_a_missing_and_an_extra_row(db):
    top, child = make_user(db), make_user(db)
    db.execute("insert into distributors (user_id, distributor_number) values (%s, 'X1')", [top])
    db.execute("insert into distributors (user_id, distributor_number, sponsor_id) values (%s, 'X2', %s)", [child, top])
    db.execute("update genealogy_paths set depth = 2 where descendant_id = %s", [child])
    problems = {r["problem"]: r["depth"] for r in db.execute("select * from check_genealogy()").fetchall()}
    assert problems == {"missing": 1, "extra": 2}
