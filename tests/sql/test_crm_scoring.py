"""Lead scores: rule-based, explainable, kept up to date, editable by admins."""
from __future__ import annotations

from datetime import date

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_user

DAY0 = "2026-03-02T09:00:00Z"  # a Monday


def _pin(db, at):
    db.execute("select set_config('app.now', %s, true)", [at])


def _score(db, contact) -> tuple[int, list[tuple[str, int]]]:
    total = db.execute("select lead_score from contacts where id = %s", [contact]).fetchone()["lead_score"]
    parts = [(r["label"], r["points"]) for r in db.execute("select * from api.contact_score(%s)", [contact])]
    return total, parts


@pytest.fixture
def setup(db):
    d = make_distributor(db)
    admin = make_user(db, "admin")
    _pin(db, DAY0)
    as_user(db, d)
    contact = str(db.execute("select api.contact_save(p_first_name => 'Lea', p_source => 'referral') as id")
                  .fetchone()["id"])
    return {"D": d, "admin": admin, "contact": contact}


def test_the_default_rules_and_their_reasons(db, setup):
    c = setup["contact"]
    assert _score(db, c) == (10, [("Referred by someone", 10)])
    for kind in ("call", "call", "meeting", "email", "note"):
        db.execute("select api.activity_add(%s, %s, 'x')", [c, kind])
    db.execute("select api.contact_move(array[%s]::uuid[], 'proposal')", [c])
    total, parts = _score(db, c)
    assert parts == [("Referred by someone", 10), ("Calls", 10), ("Meetings", 10), ("Emails", 2),
                     ("In the proposal stage", 15)]
    assert total == 47 == sum(p for _, p in parts)
    reasons = db.execute("select quantity, per_unit from api.contact_score(%s) where label = 'Calls'", [c]).fetchone()
    assert reasons == {"quantity": 2, "per_unit": 5}


def test_minus_one_per_week_without_activity(db, setup):
    c = setup["contact"]
    db.execute("select api.activity_add(%s, 'call', 'x')", [c])  # now: 10 + 5
    _pin(db, "2026-03-22T09:00:00Z")  # 20 days later: 2 whole weeks
    assert [p for _, p in _score(db, c)[1]] == [10, 5, -2]
    assert _score(db, c)[0] == 15  # stored score: until the nightly refresh


def test_the_nightly_refresh_moves_scores_on_without_touching_updated_at(db, setup):
    c = setup["contact"]
    as_superuser(db)
    before = db.execute("select updated_at from contacts where id = %s", [c]).fetchone()["updated_at"]
    as_user(db, setup["admin"])
    _pin(db, "2026-03-08T23:00:00Z")  # 6 days: no whole week yet
    assert db.execute("select api.lead_scores_refresh() as n").fetchone()["n"] == 0
    _pin(db, "2026-03-16T00:10:00Z")  # 14 days: two weeks
    assert db.execute("select api.lead_scores_refresh() as n").fetchone()["n"] == 1
    assert db.execute("select lead_score, updated_at, lead_score_on from contacts where id = %s", [c]).fetchone() == {
        "lead_score": 8, "updated_at": before, "lead_score_on": date(2026, 3, 16)}
    assert db.execute("select api.lead_scores_refresh() as n").fetchone()["n"] == 0  # same day: nothing
    _pin(db, "2026-03-30T00:10:00Z")  # a missed night does not matter: four weeks now
    assert db.execute("select api.lead_scores_refresh() as n").fetchone()["n"] == 1
    assert _score(db, c)[0] == 6


def test_an_admin_edits_the_rules_and_scores_follow(db, setup):
    c = setup["contact"]
    as_user(db, setup["admin"])
    rule = db.execute("select id from lead_score_rules where kind = 'source' and match = 'referral'").fetchone()["id"]
    db.execute("select api.lead_rule_save(%s, 'source', 'referral', 'Referral', 25, null, true)", [rule])
    db.execute("select api.lead_rule_save(null, 'tag', ' VIP ', 'VIP tag', 7, null, true)")
    assert db.execute("select api.lead_scores_refresh(p_all => true) as n").fetchone()["n"] == 1
    assert _score(db, c) == (25, [("Referral", 25)])
    db.execute("select api.contact_set_field(%s, 'tags', 'vip')", [c])
    assert _score(db, c) == (32, [("Referral", 25), ("VIP tag", 7)])
    db.execute("select api.lead_rule_save(%s, 'source', 'referral', 'Referral', 25, 10, false)", [rule])
    db.execute("select api.lead_scores_refresh(p_all => true)")
    assert _score(db, c) == (7, [("VIP tag", 7)])


@pytest.mark.parametrize("args,column", [
    (("volcano", "x", "L", 5, None), "kind"),
    (("source", "carrier pigeon", "L", 5, None), "match"),
    (("activity", None, "L", 5, None), "match"),
    (("stage", "proposal", " ", 5, None), "label"),
    (("stage", "proposal", "L", 0, None), "points"),
    (("stage", "proposal", "L", 101, None), "points"),
    (("stage", "proposal", "L", 5, 0), "max_points"),
    (("stage", "proposal", "L", 5, None), "match"),  # a rule for it exists
])
def test_rule_checks(db, setup, args, column):
    as_user(db, setup["admin"])
    error = fails_with(db, "MLVAL", "select api.lead_rule_save(null, %s, %s, %s, %s, %s, true)", list(args))
    assert error.diag.column_name == column


@pytest.mark.parametrize("role", ["distributor", "manager", "auditor"])
def test_only_admins_change_rules_everyone_reads_them(db, setup, role):
    as_superuser(db)
    user = setup["D"] if role == "distributor" else make_user(db, role)
    as_user(db, user)
    assert len(db.execute("select * from api.lead_rule_list()").fetchall()) == 6
    fails_with(db, "MLDNY", "select api.lead_rule_save(null, 'tag', 'x', 'X', 1)")
    fails_with(db, "MLDNY", "select api.lead_rule_delete(id) from lead_score_rules limit 1")
    fails_with(db, "MLDNY", "select api.lead_scores_refresh()")
    fails_with(db, "42501", "insert into lead_score_rules (kind, match, label, points) values ('tag', 'y', 'Y', 1)")
    assert db.execute("update lead_score_rules set points = 50").rowcount == 0


def test_the_trigger_counts_as_the_explanation_does(db, setup):
    """tg_contacts__lead_score counts inline (for speed); public.lead_score_parts explains: always equal."""
    as_user(db, setup["admin"])
    for kind, match, points, cap in (("tag", "vip", 7, None), ("status", "qualified", 4, None),
                                      ("stage", "negotiation", 12, None), ("activity", "note", 3, 5),
                                      ("source", "event", -4, None)):
        db.execute("select api.lead_rule_save(null, %s, %s, %s, %s, %s, true)", [kind, match, kind, points, cap])
    as_user(db, setup["D"])
    ids = []
    for source, tags in (("event", ["vip"]), ("referral", []), (None, ["vip", "x"])):
        ids.append(db.execute("select api.contact_save(p_first_name => 'T', p_source => %s, p_tags => %s) as id",
                              [source, tags]).fetchone()["id"])
    for kind in ("note", "note", "note", "call", "meeting", "email"):
        db.execute("select api.activity_add(%s, %s, 'x')", [ids[0], kind])
    db.execute("select api.contact_move(%s::uuid[], 'negotiation')", [ids[1:]])
    db.execute("select api.contact_set_field(%s, 'status', 'qualified')", [ids[2]])
    _pin(db, "2026-04-20T09:00:00Z")  # seven weeks on
    db.execute("update contacts set notes = 'touched' where id = any (%s)", [ids])  # the trigger recounts
    rows = db.execute("select c.lead_score, (select sum(p.points) from lead_score_parts(c) p) as parts"
                      "  from contacts c where c.id = any (%s)", [ids]).fetchall()
    assert all(r["lead_score"] == r["parts"] for r in rows), rows
    assert len({r["lead_score"] for r in rows}) == 3
