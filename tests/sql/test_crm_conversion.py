"""A contact becomes a customer or is enrolled as a distributor under its
owner, through security definer functions that check who asks."""
from __future__ import annotations

import hashlib

import pytest
from dbtools import as_superuser, as_user, fails_with
from factories import make_contact, make_customer, make_distributor, make_user

TOKEN = hashlib.sha256(b"the-token").hexdigest()


@pytest.fixture
def world(db):
    sponsor = make_distributor(db)
    d = make_distributor(db, sponsor)
    o = make_distributor(db)
    staff = {r: make_user(db, r) for r in ("manager", "auditor", "support", "admin")}
    contact = make_contact(db, d, email="new.person@example.test")
    db.execute("update contacts set first_name = 'Nia', last_name = 'Okafor', phone = '+1 555 010 0199',"
               " notes = 'Loves the skincare line' where id = %s", [contact])
    return {"D": d, "O": o, "sponsor": sponsor, "contact": contact, **staff}


def test_a_contact_becomes_a_customer_of_its_owner(db, world):
    as_user(db, world["D"])
    customer = str(db.execute("select api.contact_convert_customer(%s) as id", [world["contact"]]).fetchone()["id"])
    row = db.execute("select customer_number, distributor_id::text, email::text, first_name, last_name, phone, notes"
                     " from customers where id = %s", [customer]).fetchone()
    assert row["customer_number"].startswith("C") and row["distributor_id"] == world["D"]
    assert (row["email"], row["first_name"], row["last_name"], row["phone"], row["notes"]) == (
        "new.person@example.test", "Nia", "Okafor", "+1 555 010 0199", "Loves the skincare line")
    contact = db.execute("select stage, status, converted_at is not null as converted, converted_to_customer_id::text"
                         " from contacts where id = %s", [world["contact"]]).fetchone()
    assert contact == {"stage": "closed_won", "status": "won", "converted": True,
                       "converted_to_customer_id": customer}
    subjects = [r["subject"] for r in db.execute("select subject from api.contact_timeline(%s)", [world["contact"]])]
    assert sorted(subjects) == sorted([f"Became customer {row['customer_number']}", "Moved from New to Won"])
    fails_with(db, "MLVAL", "select api.contact_convert_customer(%s)", [world["contact"]])  # once


def test_an_existing_customer_with_that_email_is_linked_not_duplicated(db, world):
    existing = make_customer(db, world["D"], email="NEW.PERSON@example.test")
    as_user(db, world["D"])
    assert str(db.execute("select api.contact_convert_customer(%s) as id",
                          [world["contact"]]).fetchone()["id"]) == existing


def test_conversion_refusals(db, world):
    no_email = make_contact(db, world["D"])
    db.execute("update contacts set email = null where id = %s", [no_email])
    managers = make_contact(db, world["manager"])
    as_user(db, world["D"])
    assert fails_with(db, "MLVAL", "select api.contact_convert_customer(%s)", [no_email]).diag.column_name == "email"
    fails_with(db, "MLDNY", "select api.contact_convert_customer(%s)", [managers])
    as_user(db, world["manager"])
    assert fails_with(db, "MLVAL", "select api.contact_convert_customer(%s)",
                      [managers]).diag.column_name == "owner_id"


@pytest.mark.parametrize("who", ["O", "auditor", "support"])
def test_nobody_converts_another_ones_contact(db, world, who):
    as_user(db, world[who])
    fails_with(db, "MLDNY", "select api.contact_convert_customer(%s)", [world["contact"]])
    fails_with(db, "MLDNY", "select api.contact_enroll_distributor(%s, %s)", [world["contact"], TOKEN])
    as_superuser(db)
    assert db.execute("select converted_at from contacts where id = %s", [world["contact"]]).fetchone()[
        "converted_at"] is None


def test_a_manager_converts_any_contact(db, world):
    as_user(db, world["manager"])
    db.execute("select api.contact_convert_customer(%s)", [world["contact"]])
    as_superuser(db)
    assert db.execute("select distributor_id::text from customers c join contacts k"
                      " on k.converted_to_customer_id = c.id where k.id = %s",
                      [world["contact"]]).fetchone()["distributor_id"] == world["D"]


def test_enrolment_makes_a_pending_distributor_under_the_owner_with_an_invitation(db, world):
    as_user(db, world["D"])
    user = str(db.execute("select api.contact_enroll_distributor(%s, %s) as id",
                          [world["contact"], TOKEN]).fetchone()["id"])
    as_superuser(db)
    assert db.execute("select role, status, email::text, first_name from users where id = %s", [user]).fetchone() == {
        "role": "distributor", "status": "pending", "email": "new.person@example.test", "first_name": "Nia"}
    dist = db.execute("select distributor_number, sponsor_id::text, enroller_id::text from distributors"
                      " where user_id = %s", [user]).fetchone()
    assert dist["sponsor_id"] == dist["enroller_id"] == world["D"] and dist["distributor_number"].startswith("D")
    paths = db.execute("select ancestor_id::text, depth from genealogy_paths where descendant_id = %s"
                       " and path_type = 'sponsor' order by depth", [user]).fetchall()
    assert paths == [{"ancestor_id": world["D"], "depth": 1}, {"ancestor_id": world["sponsor"], "depth": 2}]
    assert db.execute("select token_hash from private.user_invitations where user_id = %s",
                      [user]).fetchone()["token_hash"] == TOKEN
    assert db.execute("select status, stage, converted_to_distributor_id::text as u from contacts where id = %s",
                      [world["contact"]]).fetchone() == {"status": "enrolled", "stage": "closed_won", "u": user}
    as_user(db, world["D"])
    assert db.execute("select user_status, link_valid from api.contact_invitation(%s)",
                      [world["contact"]]).fetchone() == {"user_status": "pending", "link_valid": True}
    # The new distributor cannot sign in or see anything yet.
    as_user(db, user)
    assert db.execute("select count(*) as n from distributors").fetchone()["n"] == 0


def test_the_invitation_is_single_use_and_sets_the_password(db, world):
    as_user(db, world["D"])
    user = str(db.execute("select api.contact_enroll_distributor(%s, %s) as id",
                          [world["contact"], TOKEN]).fetchone()["id"])
    as_user(db, None)  # the person with the link is not signed in
    assert db.execute("select email from api.invitation_lookup(%s)", [TOKEN]).fetchone()["email"] == \
        "new.person@example.test"
    assert db.execute("select * from api.invitation_lookup(%s)", ["0" * 64]).fetchall() == []
    fails_with(db, "MLVAL", "select api.invitation_accept(%s, 'plain-text')", [TOKEN])
    assert str(db.execute("select api.invitation_accept(%s, '$argon2id$v=19$m=65536,t=3,p=4$x$y') as id",
                          [TOKEN]).fetchone()["id"]) == user
    fails_with(db, "MLVAL", "select api.invitation_accept(%s, '$argon2id$v=19$again')", [TOKEN])
    assert db.execute("select * from api.invitation_lookup(%s)", [TOKEN]).fetchall() == []
    as_superuser(db)
    assert db.execute("select status from users where id = %s", [user]).fetchone()["status"] == "active"
    assert db.execute("select password_hash like '$argon2id$%%' as ok from private.user_credentials"
                      " where user_id = %s", [user]).fetchone()["ok"]


def test_expired_and_replaced_links_stop_working(db, world):
    as_user(db, world["D"])
    db.execute("select api.contact_enroll_distributor(%s, %s)", [world["contact"], TOKEN])
    newer = hashlib.sha256(b"newer").hexdigest()
    db.execute("select api.contact_invitation_renew(%s, %s)", [world["contact"], newer])
    as_user(db, None)
    assert db.execute("select * from api.invitation_lookup(%s)", [TOKEN]).fetchall() == []
    assert len(db.execute("select * from api.invitation_lookup(%s)", [newer]).fetchall()) == 1
    db.execute("select set_config('app.now', (now() + interval '8 days')::text, true)")
    assert db.execute("select * from api.invitation_lookup(%s)", [newer]).fetchall() == []
    fails_with(db, "MLVAL", "select api.invitation_accept(%s, '$argon2id$v=19$x')", [newer])


def test_enrolment_refusals(db, world):
    taken = make_contact(db, world["D"], email="taken@example.test")
    make_user(db, "support", email="Taken@example.test")
    orphan = make_contact(db, world["manager"], email="orphan@example.test")
    as_user(db, world["D"])
    assert fails_with(db, "MLVAL", "select api.contact_enroll_distributor(%s, %s)",
                      [taken, TOKEN]).diag.column_name == "email"
    fails_with(db, "MLVAL", "select api.contact_enroll_distributor(%s, 'short')", [world["contact"]])
    fails_with(db, "MLDNY", "select api.contact_enroll_distributor(%s, %s)", [orphan, TOKEN])
    as_user(db, world["manager"])
    assert fails_with(db, "MLVAL", "select api.contact_enroll_distributor(%s, %s)",
                      [orphan, TOKEN]).diag.column_name == "owner_id"
    db.execute("select api.contact_enroll_distributor(%s, %s)", [world["contact"], TOKEN])
    fails_with(db, "MLVAL", "select api.contact_enroll_distributor(%s, %s)",
               [world["contact"], hashlib.sha256(b"2").hexdigest()])


def test_the_app_cannot_read_invitations(db, world):
    as_user(db, world["admin"])
    fails_with(db, "42501", "select * from private.user_invitations")
