"""What each caller sees through the genealogy functions (api.genealogy_*), which
read other people's names and the derived tables on the caller's behalf: a
distributor only itself, its downline and its own sponsor's name (never an
email, never anyone else's counts or volumes); staff everyone; a suspended or
unknown user, or nobody signed in, nothing.

The world:   R ── T ─┬─ D (the distributor under test) ─┬─ C ── G
                      │                                  └─ X (user suspended)
                      └─ O (D's sibling: not D's to see) ── P
"""
from __future__ import annotations

import uuid

import pytest
from dbtools import as_superuser, as_user
from factories import make_commission_period, make_distributor, make_order, make_user

NOW = "2031-05-15T12:00:00Z"
NAMES = {"R": ("Rita", "Root"), "T": ("Tess", "Sponsor"), "D": ("Dana", "Self"), "C": ("Carl", "Child"),
         "G": ("Gus", "Grandchild"), "X": ("Xena", "Suspended"), "O": ("Olga", "Other"), "P": ("Paul", "Pine")}
SPONSORS = {"R": None, "T": "R", "D": "T", "C": "D", "G": "C", "X": "D", "O": "T", "P": "O"}


@pytest.fixture
def w(db):
    db.execute("select set_config('app.now', %s, true)", [NOW])
    ids = {}
    for label, sponsor in SPONSORS.items():
        first, last = NAMES[label]
        user = make_user(db, "distributor", status="suspended" if label == "X" else "active",
                         first_name=first, last_name=last, email=f"{first.lower()}.{uuid.uuid4().hex[:6]}@example.test")
        ids[label] = make_distributor(db, ids[sponsor] if sponsor else None, user_id=user)
    for role in ("admin", "manager", "support", "finance", "auditor"):
        ids[role] = make_user(db, role)
    make_commission_period(db, "2031-05")
    for label, pv in (("G", "40.00"), ("O", "70.00"), ("T", "5.00"), ("P", "9.00")):
        order = make_order(db, ids[label], pv=pv, paid_at="2031-05-10T10:00:00Z")
        db.execute("insert into volume_events (order_id, distributor_id, period_id, occurred_at, kind, pv,"
                   " retail_base, order_paid_at) values (%s, %s, '2031-05', '2031-05-10T10:00:00Z', 'payment',"
                   " %s, 0, '2031-05-10T10:00:00Z') on conflict (order_id, kind) do nothing", [order, ids[label], pv])
    ids["numbers"] = {label: db.execute("select distributor_number from distributors where user_id = %s",
                                        [ids[label]]).fetchone()["distributor_number"] for label in SPONSORS}
    ids["emails"] = {label: db.execute("select email::text as e from users where id = %s",
                                       [ids[label]]).fetchone()["e"] for label in SPONSORS}
    return ids


def labels(w, rows, key="user_id") -> set[str]:
    by_id = {v: k for k, v in w.items() if isinstance(v, str)}
    return {by_id.get(str(r[key]), "?") for r in rows}


def node(db, who):
    return db.execute("select * from api.genealogy_node(%s)", [who]).fetchone()


def test_a_distributor_sees_itself_its_downline_and_only_the_name_of_its_sponsor(db, w):
    as_user(db, w["D"])
    me = node(db, None)
    assert (str(me["user_id"]), me["relation"], me["level"]) == (w["D"], "self", 0)
    assert (me["frontline"], me["downline"], me["active_downline"], me["levels"]) == (2, 3, 3, 2)
    assert me["group_pv"] == 40 and me["personal_pv"] == 0
    assert str(me["sponsor_id"]) == w["T"]
    g = node(db, w["G"])
    assert (g["relation"], g["level"], g["personal_pv"]) == ("downline", 2, 40)
    sponsor = node(db, w["T"])
    assert (sponsor["relation"], sponsor["first_name"], sponsor["level"]) == ("sponsor", "Tess", -1)
    assert [sponsor[k] for k in ("frontline", "downline", "active_downline", "personal_pv", "group_pv",
                                 "sponsor_id", "levels")] == [None] * 7
    for outsider in ("R", "O", "P"):
        assert node(db, w[outsider]) is None, outsider
    assert node(db, str(uuid.uuid4())) is None


def test_a_distributor_opens_no_frontline_levels_legs_or_picture_outside_its_downline(db, w):
    as_user(db, w["D"])
    assert labels(w, db.execute("select * from api.genealogy_frontline(null)").fetchall()) == {"C", "X"}
    assert labels(w, db.execute("select * from api.genealogy_frontline(%s)", [w["C"]]).fetchall()) == {"G"}
    assert labels(w, db.execute("select * from api.genealogy_legs(null)").fetchall()) == {"C", "X"}
    assert labels(w, db.execute("select * from api.genealogy_picture(null, 3, 10)").fetchall()) == {"D", "C", "G", "X"}
    assert [r["members"] for r in db.execute("select * from api.genealogy_levels(null)")] == [2, 1]
    for outsider in ("T", "R", "O", "P"):
        for fn in ("genealogy_frontline(%s)", "genealogy_levels(%s)", "genealogy_legs(%s)",
                   "genealogy_picture(%s)", "genealogy_upline(%s)"):
            assert db.execute(f"select * from api.{fn}", [w[outsider]]).fetchall() == [], (outsider, fn)
    assert db.execute("select * from api.genealogy_roots()").fetchall() == []


def test_a_distributors_breadcrumb_stops_at_itself(db, w):
    as_user(db, w["D"])
    rows = db.execute("select * from api.genealogy_upline(%s)", [w["G"]]).fetchall()
    assert [(labels(w, [r]).pop(), r["level"]) for r in rows] == [("D", 0), ("C", 1), ("G", 2)]
    assert [labels(w, [r]).pop() for r in db.execute("select * from api.genealogy_upline(null)")] == ["D"]
    as_user(db, w["manager"])
    rows = db.execute("select * from api.genealogy_upline(%s)", [w["G"]]).fetchall()
    assert [(labels(w, [r]).pop(), r["level"]) for r in rows] == [("R", 0), ("T", 1), ("D", 2), ("C", 3), ("G", 4)]


def search(db, q, root=None):
    return db.execute("select * from api.genealogy_search(%s, %s)", [q, root]).fetchall()


def test_a_distributor_searches_its_downline_by_name_and_number_never_by_email(db, w):
    as_user(db, w["D"])
    assert labels(w, search(db, "Carl")) == {"C"}
    assert labels(w, search(db, "gus grand")) == {"G"}
    assert labels(w, search(db, w["numbers"]["G"])) == {"G"}
    assert labels(w, search(db, "Ca")) == {"C"}                   # short words: the start of a name
    assert all(r["email"] is None for r in search(db, "a"))      # (too short: nothing at all)
    assert all(r["email"] is None for r in search(db, "Xena"))
    # Outside the downline: nobody, however it is looked for.
    for q in ("Olga", "Paul", "Tess", "Rita", w["numbers"]["O"], w["numbers"]["T"], "Dana"):
        assert search(db, q) == [], q
    assert search(db, w["emails"]["C"]) == []                    # no matching on anyone's email
    assert search(db, w["emails"]["C"].split("@")[0]) == []
    assert search(db, "Paul", w["O"]) == []                      # nor in someone else's downline
    assert labels(w, search(db, "gus", w["C"])) == {"G"}
    assert search(db, "carl", w["C"]) == []                      # a root is not in its own results


def test_staff_search_anyone_and_see_emails(db, w):
    for role in ("manager", "support", "finance", "auditor", "admin"):
        as_user(db, w[role])
        assert labels(w, search(db, "Olga")) == {"O"}, role
        found = search(db, w["emails"]["P"])
        assert labels(w, found) == {"P"} and found[0]["email"] == w["emails"]["P"], role
        assert labels(w, search(db, "Paul", w["O"])) == {"P"}
        assert labels(w, search(db, "Paul", w["D"])) == set()


def test_staff_open_anyone(db, w):
    for role in ("manager", "support", "finance", "auditor", "admin"):
        as_user(db, w[role])
        o = node(db, w["O"])
        assert (o["relation"], o["level"], o["downline"], o["group_pv"]) == ("staff", 2, 1, 79), role
        assert labels(w, db.execute("select * from api.genealogy_roots()").fetchall()) >= {"R"}
        assert labels(w, db.execute("select * from api.genealogy_frontline(%s)", [w["T"]]).fetchall()) == {"D", "O"}


@pytest.mark.parametrize("who", ["X", "unknown", "nobody"])
def test_suspended_unknown_or_no_user_sees_nothing(db, w, who):
    as_user(db, {"X": w["X"], "unknown": str(uuid.uuid4()), "nobody": None}[who])
    assert node(db, None) is None
    assert node(db, w["G"]) is None
    assert db.execute("select * from api.genealogy_frontline(%s)", [w["D"]]).fetchall() == []
    assert search(db, "Gus", w["D"]) == []
    assert search(db, "Gus") == []
    assert db.execute("select * from api.genealogy_health()").fetchall() == []


def test_a_suspended_staff_user_sees_nothing(db, w):
    as_superuser(db)
    db.execute("update users set status = 'suspended' where id = %s", [w["manager"]])
    as_user(db, w["manager"])
    assert node(db, w["O"]) is None
    assert search(db, "Olga") == []


def test_counts_and_volumes_a_distributor_sees_never_include_anyone_outside_its_downline(db, w):
    as_user(db, w["D"])
    rows = db.execute("select * from api.genealogy_frontline(null)").fetchall()
    assert sum(r["downline"] + 1 for r in rows) == node(db, None)["downline"] == 3
    assert sum(r["group_pv"] for r in rows) == 40        # O's 70 and T's 5 are not D's
    legs = db.execute("select * from api.genealogy_legs(null)").fetchall()
    assert {labels(w, [r]).pop(): (r["leg_size"], r["leg_gv"], r["share"]) for r in legs} == {
        "C": (2, 40, 1), "X": (1, 0, 0)}


def test_the_derived_tables_are_out_of_the_apps_reach(db, w):
    as_user(db, w["admin"])
    from dbtools import fails_with
    fails_with(db, "42501", "select * from private.genealogy_level_counts")
    fails_with(db, "42501", "select * from private.genealogy_volumes")
    fails_with(db, "42501", "select * from check_genealogy_counts()")
