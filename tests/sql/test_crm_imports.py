"""CSV imports in SQL: staging, mapping, per-line checks, de-duplication,
all-or-nothing writing, the report, and who may import into whose contacts."""
from __future__ import annotations

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_distributor, make_user
from psycopg.types.json import Jsonb

HEADER = ["Name", "Email", "Phone", "Company", "Tags", "Source"]
MAPPING = {"full_name": 1, "email": 2, "phone": 3, "company": 4, "tags": 5, "source": 6}


def _create(db, rows, header=HEADER, owner=None):
    return str(db.execute(
        "select api.contact_import_create(p_file_name => 'leads.csv', p_encoding => 'utf-8', p_delimiter => ',',"
        " p_header => %s, p_lines => %s, p_cells => %s, p_owner_id => %s) as id",
        [header, list(range(2, len(rows) + 2)), Jsonb(rows), owner]).fetchone()["id"])


def _run(db, import_id, mapping=MAPPING, dedupe="skip", tags=(), batch=100):
    db.execute("select api.contact_import_start(%s, %s, %s, 'import', %s)",
               [import_id, Jsonb(mapping), dedupe, list(tags)])
    for _ in range(1000):
        state = db.execute("select * from api.contact_import_step(%s, %s)", [import_id, batch]).fetchone()
        if state["finished"]:
            return state
    raise AssertionError("import never finished")


def _counts(db, import_id):
    return db.execute("select status, created_count, updated_count, skipped_count, rejected_count"
                      " from api.contact_import_get(%s)", [import_id]).fetchone()


@pytest.fixture
def d(db):
    d = make_distributor(db)
    as_user(db, d)
    return d


def test_lines_are_checked_and_the_report_says_why(db, d):
    rows = [["Ann Lee", "ann@example.test", "+1 555 010 0101", "Acme", "vip; hot", "Referral"],
            ["Lee, Bob", "bob@example.test", "", "", "", ""],
            ["Cid", "not-an-email", "", "", "", ""],
            ["Dee", "", "call me", "", "", ""],
            ["=HYPERLINK(\"http://x\")", "eve@example.test", "", "", "", ""],
            ["Fay", "fay@example.test", "", "", "", "carrier pigeon"],
            ["", "", "", "", "", ""],
            ["Gus", "gus@example.test", "", "", "", "", "surplus"],
            ["Hal", "ANN@example.test", "", "", "", ""]]
    imp = _create(db, rows)
    assert _run(db, imp, tags=["Spring fair"])["status"] == "done"
    assert _counts(db, imp) == {"status": "done", "created_count": 2, "updated_count": 0, "skipped_count": 1,
                                "rejected_count": 6}
    report = {r["line_no"]: (r["outcome"], r["reason"]) for r in
              db.execute("select * from api.contact_import_report(%s)", [imp])}
    assert report[4] == ("reject", "Enter a valid email address (name@example.com).")
    assert report[5][1].startswith("A phone number has 6 to 15 digits")
    assert report[6][1] == 'Name starts with "=" like a spreadsheet formula: imports take plain values only.'
    assert report[7][1].startswith('Source "carrier_pigeon" is not one of:')
    assert report[8][1] == "Give at least a name, an email, a phone number or a company."
    assert report[9][1].startswith("This line has 7 values but the header names 6 columns")
    assert report[10] == ("skip", "Same person (email or phone) as line 2.")
    ann = db.execute("select first_name, last_name, tags, source, company, metadata ->> 'import_line' as line"
                     " from contacts where email = 'ann@example.test'").fetchone()
    assert ann == {"first_name": "Ann", "last_name": "Lee", "tags": ["vip", "hot", "spring-fair"],
                   "source": "referral", "company": "Acme", "line": "2"}
    bob = db.execute("select first_name, last_name, source from contacts where email = 'bob@example.test'").fetchone()
    assert bob == {"first_name": "Bob", "last_name": "Lee", "source": "import"}


@pytest.mark.parametrize("dedupe,created,updated,skipped", [
    ("skip", 1, 0, 3), ("update", 1, 1, 2), ("create", 4, 0, 0)])
def test_duplicates_by_email_or_phone(db, d, dedupe, created, updated, skipped):
    db.execute("select api.contact_save(p_first_name => 'Old', p_email => 'old@example.test',"
               " p_phone => '555-010-0100', p_company => 'Old Co')")
    rows = [["Old Again", "OLD@example.test", "", "New Co", "", ""],   # same email as an existing contact
            ["By Phone", "", "(555) 010-0100", "", "", ""],            # same phone digits
            ["Fresh", "fresh@example.test", "555 010 0177", "", "", ""],
            ["Fresh Twin", "", "5550100177", "", "", ""]]               # same phone as line 4
    imp = _create(db, rows)
    _run(db, imp, dedupe=dedupe)
    c = _counts(db, imp)
    assert (c["created_count"], c["updated_count"], c["skipped_count"]) == (created, updated, skipped)
    old = db.execute("select first_name, last_name, company from contacts where lower(email) = 'old@example.test'"
                     " order by created_at limit 1").fetchone()
    if dedupe == "update":
        assert old == {"first_name": "Old", "last_name": "Again", "company": "New Co"}
    else:
        assert old == {"first_name": "Old", "last_name": None, "company": "Old Co"}


def test_an_import_writes_all_its_good_lines_or_nothing(db, d):
    rows = [[f"Person {i}", f"p{i}@example.test", "", "", "", ""] for i in range(250)]
    imp = _create(db, rows)
    db.execute("select api.contact_import_start(%s, %s, 'skip')", [imp, Jsonb(MAPPING)])
    for _ in range(3):  # 3 batches of 100 lines: checked, nothing written yet
        assert db.execute("select * from api.contact_import_step(%s, 100)", [imp]).fetchone()["finished"] is False
    assert _counts(db, imp)["status"] == "checking"
    assert db.execute("select count(*) as n from contacts").fetchone()["n"] == 0
    # The last step fails half way through writing: nothing of it stays.
    as_superuser(db)
    db.execute("create function pg_temp.boom() returns trigger language plpgsql as $$ begin"
               " if new.email = 'p200@example.test' then raise exception 'disk full'; end if; return new; end $$")
    db.execute("create trigger zz_boom before insert on contacts for each row execute function pg_temp.boom()")
    as_user(db, d)
    fails_with(db, "P0001", "select * from api.contact_import_step(%s, 100)", [imp])
    assert db.execute("select count(*) as n from contacts").fetchone()["n"] == 0
    db.execute("select api.contact_import_fail(%s, 'It broke.')", [imp])
    assert _counts(db, imp)["status"] == "failed"
    assert db.execute("select * from api.contact_import_step(%s)", [imp]).fetchone()["finished"] is True
    assert db.execute("select count(*) as n from contacts").fetchone()["n"] == 0


def test_a_cancelled_import_writes_nothing(db, d):
    imp = _create(db, [["Ann", "ann@example.test", "", "", "", ""]])
    db.execute("select api.contact_import_start(%s, %s, 'skip')", [imp, Jsonb(MAPPING)])
    assert db.execute("select api.contact_import_cancel(%s) as ok", [imp]).fetchone()["ok"]
    assert db.execute("select * from api.contact_import_step(%s)", [imp]).fetchone() == {
        "status": "cancelled", "progress_done": 0, "row_count": 1, "finished": True}
    assert db.execute("select count(*) as n from contacts").fetchone()["n"] == 0
    assert db.execute("select api.contact_import_cancel(%s) as ok", [imp]).fetchone()["ok"] is False


@pytest.mark.parametrize("header,lines,message", [
    ([], [2], "first line must name the columns"),
    (["Email", " "], [2], "Every column needs a name"),
    (["Email", "EMAIL"], [2], 'Two columns are named "email"'),
    (["Email"], [], "no contacts"),
    ([f"c{i}" for i in range(101)], [2], "at most 100 columns"),
])
def test_staging_refuses_files_that_are_not_contact_lists(db, d, header, lines, message):
    error = fails_with(db, "MLVAL", "select api.contact_import_create('x.csv', 'utf-8', ',', %s, %s, %s)",
                       [header, lines, Jsonb([["a"] for _ in lines])])
    assert message in error.diag.message_primary and error.diag.column_name == "file"


def test_too_many_lines_are_refused_before_anything_is_staged(db, d):
    n = 200_001
    error = fails_with(db, "MLVAL", "select api.contact_import_create('x.csv', 'utf-8', ',', '{Email}', %s, '[]')",
                       [list(range(2, n + 2))])
    assert "at most 200,000" in error.diag.message_primary
    assert db.execute("select count(*) as n from contact_imports").fetchone()["n"] == 0


@pytest.mark.parametrize("mapping,message", [
    ({}, "Map at least a name"),
    ({"notes": 1}, "Map at least a name"),
    ({"email": 7}, "Choose columns of this file"),
    ({"email": "2"}, "Choose columns of this file"),
    ({"email": 2, "phone": 2}, "each column for one field"),
    ({"full_name": 1, "first_name": 2}, "either a whole name"),
    ({"email": 2, "password": 3}, "listed fields only"),
])
def test_mapping_checks(db, d, mapping, message):
    imp = _create(db, [["Ann", "ann@example.test", "", "", "", ""]])
    error = fails_with(db, "MLVAL", "select api.contact_import_start(%s, %s, 'skip')", [imp, Jsonb(mapping)])
    assert message in error.diag.message_primary
    error = fails_with(db, "MLVAL", "select * from api.contact_import_preview(%s, %s)", [imp, Jsonb(mapping)])
    assert message in error.diag.message_primary


def test_start_checks_options_and_runs_once(db, d):
    imp = _create(db, [["Ann", "ann@example.test", "", "", "", ""]])
    assert fails_with(db, "MLVAL", "select api.contact_import_start(%s, %s, 'merge')",
                      [imp, Jsonb(MAPPING)]).diag.column_name == "dedupe"
    assert fails_with(db, "MLVAL", "select api.contact_import_start(%s, %s, 'skip', 'import', %s)",
                      [imp, Jsonb(MAPPING), list("abcdef")]).diag.column_name == "add_tags"
    fails_with(db, "MLVAL", "select * from api.contact_import_step(%s)", [imp])  # not started
    _run(db, imp)
    fails_with(db, "MLVAL", "select api.contact_import_start(%s, %s, 'skip')", [imp, Jsonb(MAPPING)])


def test_preview_and_guess(db, d):
    header = ["First Name", "Surname", "E-mail", "Mobile", "Notes", "Name"]
    guess = db.execute("select api.contact_import_mapping_guess(%s) as m", [header]).fetchone()["m"]
    assert guess == {"first_name": 1, "last_name": 2, "email": 3, "phone": 4, "notes": 5}
    imp = _create(db, [["Ann", "Lee", "ann@example.test", "555 010 0101", "hi", "x"],
                       ["Bob", "", "bad", "", "", ""]], header=header)
    rows = db.execute("select line_no, first_name, last_name, reason from api.contact_import_preview(%s, %s)",
                      [imp, Jsonb(guess)]).fetchall()
    assert rows == [{"line_no": 2, "first_name": "Ann", "last_name": "Lee", "reason": None},
                    {"line_no": 3, "first_name": None, "last_name": None,
                     "reason": "Enter a valid email address (name@example.com)."}]


def test_a_distributor_never_imports_into_another_ones_contacts(db, d):
    other = make_distributor_as_superuser(db, back_as=d)
    fails_with(db, "MLDNY", "select api.contact_import_create('x.csv', 'utf-8', ',', '{Email}', '{2}',"
               " '[[\"a@b.test\"]]', %s)", [other])
    as_user(db, other)
    theirs = _create(db, [["Ann", "ann@example.test", "", "", "", ""]])
    as_user(db, d)
    fails_with(db, "MLDNY", "select api.contact_import_start(%s, %s, 'skip')", [theirs, Jsonb(MAPPING)])
    fails_with(db, "MLDNY", "select * from api.contact_import_step(%s)", [theirs])
    assert db.execute("select * from api.contact_import_report(%s)", [theirs]).fetchall() == []
    assert db.execute("select * from api.contact_import_get(%s)", [theirs]).fetchall() == []
    assert db.execute("select api.contact_import_cancel(%s) as ok", [theirs]).fetchone()["ok"] is False
    # De-duplication looks at the owner's contacts only.
    as_user(db, other)
    db.execute("select api.contact_save(p_first_name => 'Theirs', p_email => 'shared@example.test')")
    as_user(db, d)
    mine = _create(db, [["Mine", "shared@example.test", "", "", "", ""]])
    _run(db, mine)
    assert _counts(db, mine)["created_count"] == 1


def make_distributor_as_superuser(db, back_as):
    as_superuser(db)
    other = make_distributor(db)
    as_user(db, back_as)
    return other


def test_a_manager_imports_into_a_distributors_contacts_and_auditors_only_read(db, d):
    as_superuser(db)
    manager, auditor = make_user(db, "manager"), make_user(db, "auditor")
    as_user(db, manager)
    imp = _create(db, [["Ann", "ann@example.test", "", "", "", ""]], owner=d)
    _run(db, imp)
    as_user(db, d)
    assert [r["name"] for r in db.execute("select name from api.contact_search()")] == ["Ann"]
    assert db.execute("select created_count from api.contact_import_get(%s)", [imp]).fetchone()["created_count"] == 1
    as_user(db, auditor)
    assert db.execute("select status from api.contact_import_get(%s)", [imp]).fetchone()["status"] == "done"
    fails_with(db, "MLDNY", "select api.contact_import_create('x.csv', 'utf-8', ',', '{Email}', '{2}',"
               " '[[\"a@b.test\"]]')")


def test_purge_keeps_counts_and_drops_old_lines(db, d):
    imp = _create(db, [["Ann", "ann@example.test", "", "", "", ""]])
    _run(db, imp)
    as_superuser(db)
    db.execute("update contact_imports set finished_at = now() - interval '31 days' where id = %s", [imp])
    as_user(db, "00000000-0000-0000-0000-000000000001")
    assert db.execute("select api.contact_imports_purge() as n").fetchone()["n"] == 1
    assert _counts(db, imp)["created_count"] == 1
    as_user(db, d)
    fails_with(db, "MLDNY", "select api.contact_imports_purge()")
