"""Contacts in SQL: search, filters, saving, inline edits, bulk actions,
pipeline moves and the timeline (api.contact_*, api.activity_*)."""
from __future__ import annotations

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_contact, make_distributor, make_user

NOW = "2026-03-10T12:00:00Z"


def _save(db, **values):
    params = {"first_name": None, "last_name": None, "email": None, "phone": None, "company": None,
              "notes": None, "tags": [], "source": None, "owner_id": None, "id": None, **values}
    return str(db.execute(
        "select api.contact_save(p_id => %(id)s, p_owner_id => %(owner_id)s, p_first_name => %(first_name)s,"
        " p_last_name => %(last_name)s, p_email => %(email)s, p_phone => %(phone)s, p_company => %(company)s,"
        " p_notes => %(notes)s, p_tags => %(tags)s, p_source => %(source)s) as id", params).fetchone()["id"])


def _names(db, **kwargs) -> list[str]:
    args = ", ".join(f"p_{k} => %({k})s" for k in kwargs)
    return [r["name"] for r in db.execute(f"select name from api.contact_search({args})", kwargs)]


@pytest.fixture
def people(db):
    """Two distributors with contacts of their own, a manager, an auditor, support."""
    d, o = make_distributor(db), make_distributor(db)
    staff = {role: make_user(db, role) for role in ("manager", "auditor", "support", "finance", "admin")}
    db.execute("select set_config('app.now', %s, true)", [NOW])
    as_user(db, d)
    ids = {
        "john": _save(db, first_name="John", last_name="Doe", email="john.doe@example.com",
                      phone="+1 (555) 123-4567", company="Acme Corp", tags=["Hot Lead", "vip"], source="referral",
                      notes="Met at the spring fair"),
        "joan": _save(db, first_name="Joan", last_name="Smith", email="joan@sample.org", phone="555-987-6543"),
        "bob": _save(db, first_name="Bob", last_name="Stone", company="Johnson & Sons"),
    }
    as_user(db, o)
    ids["olga"] = _save(db, first_name="Olga", last_name="Other", email="olga@example.com", tags=["vip"])
    as_superuser(db)
    return {"D": d, "O": o, **staff, **ids}


def test_search_narrows_as_you_type(db, people):
    as_user(db, people["D"])
    assert sorted(_names(db, query="j")) == ["Bob Stone", "Joan Smith", "John Doe"]  # Johnson & Sons
    assert sorted(_names(db, query="jo")) == ["Bob Stone", "Joan Smith", "John Doe"]
    assert sorted(_names(db, query="joh")) == ["Bob Stone", "John Doe"]
    assert _names(db, query="john d") == ["John Doe"]
    assert _names(db, query="johnx") == []


@pytest.mark.parametrize("q,expected", [
    ("example.com", ["John Doe"]),        # part of an email
    ("doe@exa", ["John Doe"]),
    ("5551234", ["John Doe"]),            # the phone's digits, whatever the punctuation
    ("(555) 987", ["Joan Smith"]),
    ("acme", ["John Doe"]),               # company
    ("spring", ["John Doe"]),             # notes
    ("hot-lead", ["John Doe"]),           # a tag
    ("VIP", ["John Doe"]),
    ("%", []), ("_", []), ("'", []), ("\\", []), ("a:* | b", []),  # no wildcards, no tsquery syntax
])
def test_search_covers_name_email_phone_company_notes_and_tags(db, people, q, expected):
    as_user(db, people["D"])
    assert sorted(_names(db, query=q)) == expected


def test_a_distributor_never_searches_another_ones_contacts(db, people):
    as_user(db, people["D"])
    assert _names(db, query="olga") == []
    assert _names(db, query="vip") == ["John Doe"]
    assert _names(db, owner_id=people["O"]) == []
    assert db.execute("select total from api.contact_count(p_owner_id => %s)", [people["O"]]).fetchone()["total"] == 0
    assert db.execute("select count(*) as n from api.contact_get(%s)", [people["olga"]]).fetchone()["n"] == 0


@pytest.mark.parametrize("role", ["manager", "auditor", "admin"])
def test_staff_with_crm_access_search_everyone(db, people, role):
    as_user(db, people[role])
    assert sorted(_names(db, query="vip")) == ["John Doe", "Olga Other"]
    assert _names(db, query="vip", owner_id=people["O"]) == ["Olga Other"]
    assert db.execute("select total from api.contact_count()").fetchone()["total"] >= 4


@pytest.mark.parametrize("role", ["support", "finance"])
def test_support_and_finance_see_no_contacts(db, people, role):
    as_user(db, people[role])
    assert _names(db) == []
    assert _names(db, query="john") == []


# The search's definer functions apply the matrix's rule themselves (RLS cannot
# use the text indexes): they are tested like a policy, allow and deny.
SEARCH_IDS = "select api.contact_search_ids(p_query => %s, p_owner_id => %s) as ids"
COUNT = "select total from api.contact_count(p_query => %s, p_owner_id => %s)"


@pytest.mark.parametrize("who,query,owner,expected", [
    ("D", "vip", None, {"john"}),            # own contacts: allowed
    ("D", "olga", None, set()),              # another distributor's: denied
    ("D", None, "O", set()),                 # asking for another owner: denied
    ("O", "vip", None, {"olga"}),
    ("manager", "vip", None, {"john", "olga"}),
    ("auditor", "vip", None, {"john", "olga"}),
    ("admin", None, "O", {"olga"}),
    ("support", "vip", None, set()),
    ("finance", None, None, set()),
    (None, None, None, set()),               # nobody signed in
])
def test_search_ids_and_counts_follow_the_matrix(db, people, who, query, owner, expected):
    as_user(db, people[who] if who else None)
    ids = db.execute(SEARCH_IDS, [query, people[owner] if owner else None]).fetchone()["ids"]
    assert {str(i) for i in ids} == {people[label] for label in expected}
    assert db.execute(COUNT, [query, people[owner] if owner else None]).fetchone()["total"] == len(expected)


def test_a_suspended_distributor_finds_nothing(db, people):
    db.execute("update users set status = 'suspended' where id = %s", [people["D"]])
    as_user(db, people["D"])
    assert db.execute(SEARCH_IDS, [None, None]).fetchone()["ids"] == []
    assert db.execute(COUNT, [None, None]).fetchone()["total"] == 0


def test_filters_and_sorts(db, people):
    as_user(db, people["D"])
    db.execute("update contacts set next_follow_up = %s::timestamptz - interval '1 hour' where id = %s",
               [NOW, people["joan"]])
    db.execute("update contacts set next_follow_up = %s::timestamptz + interval '3 days' where id = %s",
               [NOW, people["bob"]])
    assert _names(db, source="referral") == ["John Doe"]
    assert _names(db, tag="VIP") == ["John Doe"]
    assert _names(db, follow_up="overdue") == ["Joan Smith"]
    assert _names(db, follow_up="today") == ["Joan Smith"]
    assert sorted(_names(db, follow_up="week")) == ["Bob Stone", "Joan Smith"]
    assert _names(db, follow_up="none") == ["John Doe"]
    assert _names(db, sort="name") == ["Bob Stone", "Joan Smith", "John Doe"]
    assert _names(db, sort="score")[0] == "John Doe"  # referral: +10
    assert _names(db, sort="follow_up") == ["Joan Smith", "Bob Stone", "John Doe"]
    assert _names(db, sort="name", limit=1, offset=1) == ["Joan Smith"]
    assert db.execute("select * from api.contact_count(p_query => 'jo', p_cap => 1)").fetchone() == {
        "total": 1, "exact": False}
    assert db.execute("select * from api.contact_count(p_query => 'jo')").fetchone() == {"total": 3, "exact": True}


@pytest.mark.parametrize("values,column", [
    ({}, "first_name"),
    ({"first_name": "   "}, "first_name"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "a@b"}, "email"),
    ({"phone": "call me"}, "phone"),
    ({"phone": "12345"}, "phone"),
    ({"phone": "+1 555 123 4567 890 12"}, "phone"),
    ({"first_name": "x" * 101}, "first_name"),
    ({"company": "x" * 201}, "company"),
    ({"first_name": "A", "tags": [f"t{i}" for i in range(21)]}, "tags"),
    ({"first_name": "A", "tags": ["x" * 41]}, "tags"),
    ({"first_name": "A", "notes": "x" * 20001}, "notes"),
])
def test_contact_save_refuses_bad_values_with_the_column(db, people, values, column):
    as_user(db, people["D"])
    error = fails_with(db, "MLVAL", "select api.contact_save(p_first_name => %(first_name)s, p_email => %(email)s,"
                       " p_phone => %(phone)s, p_company => %(company)s, p_tags => %(tags)s, p_notes => %(notes)s)",
                       {"first_name": None, "email": None, "phone": None, "company": None, "tags": [],
                        "notes": None, **values})
    assert error.diag.column_name == column


def test_an_owner_has_one_contact_per_email_but_two_owners_may_share_one(db, people):
    as_user(db, people["D"])
    error = fails_with(db, "MLVAL", "select api.contact_save(p_first_name => 'J', p_email => 'JOHN.DOE@example.com')")
    assert "John Doe" in error.diag.message_primary
    as_user(db, people["O"])
    assert _save(db, first_name="J", email="john.doe@example.com")


def test_tags_are_normalised(db, people):
    as_user(db, people["D"])
    cid = _save(db, first_name="T", tags=[" Spring  Fair ", "spring-fair", "", "VIP"])
    assert db.execute("select tags from contacts where id = %s", [cid]).fetchone()["tags"] == ["spring-fair", "vip"]


def test_a_distributor_cannot_create_for_or_edit_another_ones_contacts(db, people):
    as_user(db, people["D"])
    fails_with(db, "42501", "select api.contact_save(p_owner_id => %s, p_first_name => 'X')", [people["O"]])
    fails_with(db, "MLDNY", "select api.contact_save(p_id => %s, p_first_name => 'X')", [people["olga"]])
    fails_with(db, "MLDNY", "select api.contact_set_field(%s, 'status', 'won')", [people["olga"]])
    assert db.execute("select api.contact_delete(%s) as ok", [people["olga"]]).fetchone()["ok"] is False


def test_an_auditor_reads_but_cannot_edit(db, people):
    as_user(db, people["auditor"])
    fails_with(db, "MLDNY", "select api.contact_save(p_id => %s, p_first_name => 'X')", [people["john"]])
    assert db.execute("select api.contact_move(array[%s]::uuid[], 'proposal') as n",
                      [people["john"]]).fetchone()["n"] == 0
    assert db.execute("select api.contact_delete(%s) as ok", [people["john"]]).fetchone()["ok"] is False


def test_a_manager_hands_a_contact_to_another_owner(db, people):
    as_user(db, people["manager"])
    _save(db, id=people["olga"], first_name="Olga", owner_id=people["D"], email="olga@example.com")
    as_user(db, people["D"])
    assert "Olga Other" not in _names(db) and "Olga" in _names(db)


@pytest.mark.parametrize("field,value,check", [
    ("status", "qualified", "status = 'qualified'"),
    ("next_follow_up", "2026-04-01 09:30+00", "next_follow_up = '2026-04-01 09:30+00'"),
    ("next_follow_up", "", "next_follow_up is null"),
    ("tags", "a, B ,c", "tags = '{a,b,c}'"),
    ("phone", "+44 20 7946 0000", "phone = '+44 20 7946 0000'"),
])
def test_inline_edit_of_one_field(db, people, field, value, check):
    as_user(db, people["D"])
    db.execute("select api.contact_set_field(%s, %s, %s)", [people["john"], field, value])
    assert db.execute(f"select {check} as ok, first_name from contacts where id = %s",
                      [people["john"]]).fetchone() == {"ok": True, "first_name": "John"}


@pytest.mark.parametrize("field,value,column", [
    ("status", "emperor", "status"), ("next_follow_up", "next tuesday", "next_follow_up"),
    ("email", "nope", "email"), ("owner_id", "x", "field"), ("first_name", "x" * 300, "first_name"),
])
def test_inline_edit_refuses_bad_values(db, people, field, value, column):
    as_user(db, people["D"])
    error = fails_with(db, "MLVAL", "select api.contact_set_field(%s, %s, %s)", [people["john"], field, value])
    assert error.diag.column_name == column


def test_moving_a_contact_is_on_its_timeline_and_lost_needs_a_reason(db, people):
    as_user(db, people["D"])
    ids = [people["john"]]
    fails_with(db, "MLVAL", "select api.contact_move(%s::uuid[], 'closed_lost')", [ids])
    assert db.execute("select api.contact_move(%s::uuid[], 'proposal') as n", [ids]).fetchone()["n"] == 1
    assert db.execute("select api.contact_move(%s::uuid[], 'proposal') as n", [ids]).fetchone()["n"] == 0
    assert db.execute("select api.contact_move(%s::uuid[], 'closed_lost', 'Chose a competitor') as n",
                      [ids]).fetchone()["n"] == 1
    row = db.execute("select stage, status, lost_reason from contacts where id = %s", ids).fetchone()
    assert row == {"stage": "closed_lost", "status": "lost", "lost_reason": "Chose a competitor"}
    timeline = db.execute("select type, subject, body from api.contact_timeline(%s) order by subject", ids).fetchall()
    assert timeline == [
        {"type": "stage_change", "subject": "Moved from New to Proposal", "body": None},
        {"type": "stage_change", "subject": "Moved from Proposal to Lost", "body": "Chose a competitor"}]
    db.execute("select api.contact_move(%s::uuid[], 'contacted')", [ids])
    assert db.execute("select lost_reason, status from contacts where id = %s", ids).fetchone() == {
        "lost_reason": None, "status": "contacted"}


def test_a_distributor_moves_only_its_own_contacts(db, people):
    as_user(db, people["D"])
    assert db.execute("select api.contact_move(%s::uuid[], 'proposal') as n",
                      [[people["olga"], people["john"]]]).fetchone()["n"] == 1
    as_superuser(db)
    assert db.execute("select stage from contacts where id = %s", [people["olga"]]).fetchone()["stage"] == "new"


def test_bulk_actions(db, people):
    as_user(db, people["D"])
    mine = [people["john"], people["joan"], people["olga"]]  # olga is not D's: untouched
    bulk = "select api.contact_bulk(%s::uuid[], %s, %s, %s) as n"
    assert db.execute(bulk, [mine, "tag_add", "Fair 2026", None]).fetchone()["n"] == 2
    assert db.execute(bulk, [mine, "tag_add", "fair-2026", None]).fetchone()["n"] == 0
    assert db.execute(bulk, [mine, "tag_remove", "fair-2026", None]).fetchone()["n"] == 2
    assert db.execute(bulk, [mine, "status", "qualified", None]).fetchone()["n"] == 2
    assert db.execute(bulk, [mine, "stage", "negotiation", None]).fetchone()["n"] == 2
    fails_with(db, "MLVAL", bulk, [mine, "stage", "closed_lost", None])
    fails_with(db, "MLVAL", bulk, [mine, "status", "emperor", None])
    fails_with(db, "MLVAL", bulk, [mine, "explode", None, None])
    fails_with(db, "MLVAL", bulk, [[], "tag_add", "x", None])
    fails_with(db, "MLDNY", bulk, [mine, "delete", None, None])
    fails_with(db, "MLDNY", bulk, [mine, "assign", people["D"], None])
    as_superuser(db)
    assert db.execute("select stage, tags from contacts where id = %s", [people["olga"]]).fetchone() == {
        "stage": "new", "tags": ["vip"]}


def test_managers_assign_and_delete_in_bulk(db, people):
    as_user(db, people["manager"])
    bulk = "select api.contact_bulk(%s::uuid[], %s, %s) as n"
    assert db.execute(bulk, [[people["olga"]], "assign", people["D"]]).fetchone()["n"] == 1
    fails_with(db, "MLVAL", bulk, [[people["olga"]], "assign", people["support"]])
    fails_with(db, "MLVAL", bulk, [[people["olga"]], "assign", "not-a-uuid"])
    assert db.execute(bulk, [[people["olga"], people["bob"]], "delete", None]).fetchone()["n"] == 2


def test_timeline_newest_first_and_activity_checks(db, people):
    as_user(db, people["D"])
    cid = people["john"]
    for minutes, kind in ((30, "call"), (20, "email"), (10, "meeting")):
        db.execute("select api.activity_add(%s, %s, %s, null, %s::timestamptz - make_interval(mins => %s))",
                   [cid, kind, kind.title(), NOW, minutes])
    assert [r["type"] for r in db.execute("select type from api.contact_timeline(%s)", [cid])] == [
        "meeting", "email", "call"]
    assert db.execute("select last_activity_at from contacts where id = %s", [cid]).fetchone()[
        "last_activity_at"].isoformat().startswith("2026-03-10T11:50")
    add = "select api.activity_add(%s, %s, %s, %s, %s)"
    assert fails_with(db, "MLVAL", add, [cid, "stage_change", "x", None, None]).diag.column_name == "type"
    assert fails_with(db, "MLVAL", add, [cid, "note", " ", " ", None]).diag.column_name == "subject"
    assert fails_with(db, "MLVAL", add, [cid, "note", "x", None, "2026-04-01"]).diag.column_name == "occurred_at"
    fails_with(db, "MLDNY", add, [people["olga"], "note", "x", None, None])
    stage = db.execute("select api.contact_move(array[%s]::uuid[], 'proposal')", [cid])
    assert stage
    moved = db.execute("select id from activities where contact_id = %s and type = 'stage_change'",
                       [cid]).fetchone()["id"]
    assert db.execute("select api.activity_delete(%s) as c", [moved]).fetchone()["c"] is None
    call = db.execute("select id from activities where contact_id = %s and type = 'call'", [cid]).fetchone()["id"]
    assert str(db.execute("select api.activity_delete(%s) as c", [call]).fetchone()["c"]) == cid


def test_a_contact_owned_by_someone_else_gets_no_activity_from_a_distributor(db, people):
    contact = make_contact(db, people["O"])
    as_user(db, people["D"])
    fails_with(db, "MLDNY", "select api.activity_add(%s, 'note', 'x')", [contact])


def test_saved_filters_are_their_users_own(db, people):
    as_user(db, people["D"])
    db.execute("select api.saved_filter_save('Hot ones',"
               """ '{"q": "jo", "stage": "proposal", "evil": "x", "sort": 1}')""")
    db.execute("""select api.saved_filter_save('Hot ones', '{"q": "john"}')""")  # same name: replaced
    rows = db.execute("select name, params from api.saved_filter_list()").fetchall()
    assert rows == [{"name": "Hot ones", "params": {"q": "john"}}]
    fails_with(db, "MLVAL", "select api.saved_filter_save(' ', '{}')")
    as_user(db, people["O"])
    assert db.execute("select * from api.saved_filter_list()").fetchall() == []
    fid = db.execute("select api.saved_filter_save('Mine', '{}') as id").fetchone()["id"]
    as_user(db, people["D"])
    assert db.execute("select api.saved_filter_delete(%s) as ok", [fid]).fetchone()["ok"] is False
    as_user(db, people["auditor"])
    fails_with(db, "42501", "select api.saved_filter_save('A', '{}')")


def test_people_pickers(db, people):
    as_user(db, people["manager"])
    emails = [p["email"] for p in db.execute("select email from api.crm_people('')")]
    assert not any(e.startswith(("support", "auditor", "finance", "system@")) for e in emails)
    d_email = db.execute("select email from users where id = %s", [people["D"]]).fetchone()["email"]
    assert str(db.execute("select api.crm_person_by_email(%s) as id",
                          [d_email.upper()]).fetchone()["id"]) == people["D"]
    as_user(db, people["D"])
    assert [str(p["id"]) for p in db.execute("select id from api.crm_people('')")] == [people["D"]]
