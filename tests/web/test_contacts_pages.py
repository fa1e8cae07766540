"""Contacts over HTTP: the list and its search, the forms and their bad input,
inline edits, bulk actions, export, conversions, navigation per role."""
from __future__ import annotations

import csv
import io
import re

import pytest
from webtools import csrf_from, post_form, sign_in


@pytest.fixture(scope="module")
def crm(web):
    """A distributor D with contacts, another distributor O, and staff; signed-in clients per role."""
    users = {"D": web.user("distributor"), "O": web.user("distributor")}
    for role in ("manager", "auditor", "admin", "support", "finance"):
        users[role] = web.user(role)
    contacts = {}
    for label, owner, first, last, email, extra in (
            ("ann", "D", "Ann", "Lee", "ann@example.test", "'{vip}', 'referral'"),
            ("bob", "D", "Bob", "Stone", "bob@example.test", "'{}', null"),
            ("evil", "D", "=HYPERLINK(\"http://evil.test\")", "Hacker", "evil@example.test", "'{}', null"),
            ("olga", "O", "Olga", "Other", "olga@example.test", "'{vip}', null")):
        contacts[label] = str(web.sql(
            f"insert into contacts (owner_id, first_name, last_name, email, tags, source)"
            f" values (%s, %s, %s, %s, {extra}) returning id", [users[owner]["id"], first, last, email])[0]["id"])
    return users, contacts


def client_for(web, user):
    client = web.app.test_client()
    assert sign_in(client, user).status_code == 302
    return client


@pytest.fixture
def d(web, crm):
    return client_for(web, crm[0]["D"])


@pytest.fixture
def manager(web, crm):
    return client_for(web, crm[0]["manager"])


@pytest.mark.parametrize("role,nav", [
    ("distributor", True), ("manager", True), ("auditor", True), ("admin", True),
    ("support", False), ("finance", False)])
def test_navigation_and_access_per_role(web, crm, role, nav):
    client = client_for(web, crm[0]["D" if role == "distributor" else role])
    html = client.get("/").get_data(as_text=True)
    for label in ("Contacts", "Pipeline", "My day"):
        assert (f">{label}</a>" in html) is nav, label
    for url in ("/contacts/", "/pipeline/", "/tasks/", "/contacts/imports/", "/contacts/scoring"):
        assert client.get(url).status_code == (200 if nav else 403), url
    assert (">Lead scoring</a>" in html) is (role == "admin")


def test_search_fragment_narrows_and_never_shows_anothers_contacts(d, crm):
    headers = {"HX-Request": "true", "HX-Target": "contact_results"}
    html = d.get("/contacts/?q=", headers=headers).get_data(as_text=True)
    assert "Ann Lee" in html and "Bob Stone" in html and "Olga" not in html and "<html" not in html
    html = d.get("/contacts/?q=an", headers=headers).get_data(as_text=True)
    assert "Ann Lee" in html and "Bob Stone" not in html
    html = d.get("/contacts/?q=olga").get_data(as_text=True)
    assert "Olga" not in html and "0 contacts" in html
    # A distributor's owner filter is ignored: always its own.
    assert "Olga" not in d.get(f"/contacts/?owner={crm[0]['O']['email']}").get_data(as_text=True)


def test_a_manager_filters_by_owner(manager, crm):
    html = manager.get(f"/contacts/?owner={crm[0]['O']['email']}").get_data(as_text=True)
    assert "Olga Other" in html and "Ann Lee" not in html
    html = manager.get("/contacts/?owner=nobody@example.test").get_data(as_text=True)
    assert "No active distributor or manager has this email." in html and "Ann Lee" not in html


def test_infinite_scroll_pages(web, crm):
    user = web.user("distributor")
    web.sql("insert into contacts (owner_id, first_name) select %s, 'P' || lpad(i::text, 3, '0')"
            " from generate_series(1, 120) i", [user["id"]])
    client = client_for(web, user)
    html = client.get("/contacts/?sort=name").get_data(as_text=True)
    assert "120 contacts" in html and 'id="contact_more"' in html and "P050" in html and "P051" not in html
    more = client.get("/contacts/?sort=name&page=2", headers={"HX-Request": "true", "HX-Target": "contact_more"})
    text = more.get_data(as_text=True)
    assert "P051" in text and "P100" in text and "P101" not in text and 'id="contact_more"' in text
    last = client.get("/contacts/?sort=name&page=3", headers={"HX-Request": "true", "HX-Target": "contact_more"})
    assert "P120" in last.get_data(as_text=True) and 'id="contact_more"' not in last.get_data(as_text=True)


def test_export_is_the_filtered_list_and_safe_in_a_spreadsheet(d, crm):
    response = d.get("/contacts/export.csv?q=")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    names = sorted(r["first_name"] for r in rows)
    assert names == ["'=HYPERLINK(\"http://evil.test\")", "Ann", "Bob"]  # neutralised; no Olga
    only = list(csv.DictReader(io.StringIO(d.get("/contacts/export.csv?tag=vip").get_data().decode("utf-8-sig"))))
    assert [r["first_name"] for r in only] == ["Ann"] and only[0]["tags"] == "vip"


def test_the_page_escapes_what_contacts_contain(d, crm):
    html = d.get(f"/contacts/{crm[1]['evil']}").get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://evil.test&#34;)" in html


def test_create_and_edit_a_contact(web, d, crm):
    response = post_form(d, "/contacts/new", {"first_name": "Cleo", "last_name": "Ng", "email": "cleo@example.test",
                                              "phone": "+44 20 7946 0000", "status": "new", "source": "event",
                                              "tags": "Fair, vip", "next_follow_up": "2026-12-01T10:00"})
    assert response.status_code == 302
    cid = response.headers["Location"].rsplit("/", 1)[1]
    row = web.sql("select tags, source, next_follow_up at time zone 'UTC' as f from contacts where id = %s", [cid])[0]
    assert row["tags"] == ["fair", "vip"] and row["source"] == "event" and str(row["f"]) == "2026-12-01 10:00:00"
    response = post_form(d, f"/contacts/{cid}/edit", {"first_name": "Cleo", "last_name": "Ng-Smith",
                                                      "status": "qualified", "email": "cleo@example.test"})
    assert response.status_code == 302
    assert web.sql("select last_name, status from contacts where id = %s", [cid])[0] == {
        "last_name": "Ng-Smith", "status": "qualified"}


@pytest.mark.parametrize("data,message", [
    ({}, "Give at least a name, an email, a phone number or a company."),
    ({"first_name": "A", "email": "nope"}, "Enter a valid email address"),
    ({"first_name": "A", "phone": "call me maybe"}, "A phone number has 6 to 15 digits"),
    ({"first_name": "A" * 101}, "cannot be longer than 100"),
    ({"first_name": "A", "source": "pigeon"}, "Not a valid choice"),
    ({"first_name": "A", "status": "emperor"}, "Not a valid choice"),
    ({"first_name": "A", "next_follow_up": "soon"}, "Not a valid datetime value"),
    ({"first_name": "A", "email": "ann@example.test"}, "A contact with this email already exists: Ann Lee."),
    ({"first_name": "A", "tags": ",".join(f"t{i}" for i in range(21))}, "Use at most 20 tags."),
    ({"first_name": "<script>alert(1)</script>", "email": "x"}, "Enter a valid email address"),
])
def test_bad_input_on_the_contact_form_changes_nothing(web, d, crm, data, message):
    before = web.sql("select count(*) as n from contacts")[0]["n"]
    response = post_form(d, "/contacts/new", {"status": "new", **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert "<script>alert(1)</script>" not in html
    assert web.sql("select count(*) as n from contacts")[0]["n"] == before


def test_a_manager_creates_for_an_owner_and_a_distributor_cannot(web, manager, d, crm):
    owner = crm[0]["O"]["email"]
    response = post_form(manager, "/contacts/new", {"first_name": "Given", "status": "new", "owner_email": owner})
    assert response.status_code == 302
    response = post_form(manager, "/contacts/new", {"first_name": "Given", "status": "new",
                                                    "owner_email": "ghost@example.test"})
    assert response.status_code == 422 and "No active distributor or manager" in response.get_data(as_text=True)
    # A distributor has no owner field: a posted one is ignored.
    response = post_form(d, "/contacts/new", {"first_name": "Mine", "status": "new", "owner_email": owner})
    assert response.status_code == 302
    assert web.sql("select owner_id::text from contacts where first_name = 'Mine'")[0]["owner_id"] == crm[0]["D"]["id"]


def test_another_distributors_contact_is_not_found(d, crm):
    olga = crm[1]["olga"]
    assert d.get(f"/contacts/{olga}").status_code == 404
    assert d.get(f"/contacts/{olga}/edit").status_code == 404
    page = d.get("/contacts/").get_data(as_text=True)
    token = csrf_from(page)
    assert d.post(f"/contacts/{olga}/delete", data={"csrf_token": token}).status_code == 404
    assert d.post(f"/contacts/{olga}/field", data={"csrf_token": token, "field": "status",
                                                   "value": "won"}).status_code == 403
    response = d.post(f"/contacts/{olga}/convert/customer", data={"csrf_token": token})
    assert response.status_code == 403


def test_inline_edit_returns_the_row(web, d, crm):
    page = d.get("/contacts/").get_data(as_text=True)
    response = d.post(f"/contacts/{crm[1]['bob']}/field",
                      data={"csrf_token": csrf_from(page), "field": "status", "value": "qualified"},
                      headers={"HX-Request": "true", "HX-Target": f"contact-{crm[1]['bob']}"})
    assert response.status_code == 200 and response.get_data(as_text=True).lstrip().startswith("<tr")
    assert web.sql("select status from contacts where id = %s", [crm[1]["bob"]])[0]["status"] == "qualified"
    response = d.post(f"/contacts/{crm[1]['bob']}/field",
                      data={"csrf_token": csrf_from(page), "field": "next_follow_up", "value": "2026-13-45T99:00"},
                      headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Enter a date and time." in response.get_data(as_text=True)


def test_bulk_actions_and_their_refusals(web, d, manager, crm):
    ids = [crm[1]["ann"], crm[1]["bob"], crm[1]["olga"]]
    page = d.get("/contacts/").get_data(as_text=True)

    def bulk(client, **data):
        token = csrf_from(client.get("/contacts/").get_data(as_text=True))
        return client.post("/contacts/bulk", data={"csrf_token": token, "ids": ids, **data}, follow_redirects=True)

    assert "2 contacts changed." in bulk(d, action="tag_add", value="spring").get_data(as_text=True)
    assert web.sql("select count(*) as n from contacts where 'spring' = any (tags)")[0]["n"] == 2
    assert "Select at least one contact." in d.post(
        "/contacts/bulk", data={"csrf_token": csrf_from(page), "action": "tag_add", "value": "x"},
        follow_redirects=True).get_data(as_text=True)
    assert "Choose an action." in bulk(d, action="explode").get_data(as_text=True)
    assert "Say why this contact was lost." in bulk(d, action="stage", value="closed_lost").get_data(as_text=True)
    assert bulk(d, action="delete").status_code == 403
    assert "Choose a status." in bulk(d, action="status", value="emperor").get_data(as_text=True)
    html = bulk(manager, action="assign", value="nobody@example.test").get_data(as_text=True)
    assert "No active distributor or manager has this email." in html
    html = bulk(manager, action="tag_remove", value="spring").get_data(as_text=True)
    assert "2 contacts changed." in html


def test_quick_add_on_the_timeline_and_its_bad_input(web, d, crm):
    url = f"/contacts/{crm[1]['ann']}"
    response = post_form(d, f"{url}/activities", {"type": "call", "subject": "Intro call", "body": "Keen"},
                         page=url, headers={"HX-Request": "true", "HX-Target": "contact_page"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Intro call" in html and "<html" not in html
    assert "Calls" in html  # the score's reasons moved too
    for data, message in (({"type": "call", "subject": "", "body": ""}, "Write what happened."),
                          ({"type": "stage_change", "subject": "x"}, "Not a valid choice"),
                          ({"type": "call", "subject": "x" * 201}, "cannot be longer than 200"),
                          ({"type": "call", "subject": "x", "occurred_at": "2099-01-01T00:00"},
                           "Give a time in the past year")):
        response = post_form(d, f"{url}/activities", data, page=url)
        assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_move_from_the_contact_page(web, d, crm):
    url = f"/contacts/{crm[1]['bob']}"
    response = post_form(d, f"{url}/move", {"stage": "closed_lost", "reason": ""}, page=url)
    assert response.status_code == 422 and "Say why this contact was lost." in response.get_data(as_text=True)
    response = post_form(d, f"{url}/move", {"stage": "closed_lost", "reason": "Moved abroad"}, page=url,
                         follow_redirects=True)
    assert "Moved from" in response.get_data(as_text=True) and "Moved abroad" in response.get_data(as_text=True)


def test_saved_filters(web, d, crm):
    response = post_form(d, "/contacts/saved-filters", {"name": "VIPs", "tag": "vip", "q": ""}, page="/contacts/",
                         follow_redirects=True)
    assert "Filter “VIPs” saved." in response.get_data(as_text=True)
    html = d.get("/contacts/").get_data(as_text=True)
    assert re.search(r'href="/contacts/\?tag=vip">VIPs</a>', html)
    response = post_form(d, "/contacts/saved-filters", {"name": ""}, page="/contacts/", follow_redirects=True)
    assert "Name the filter." in response.get_data(as_text=True)
    response = post_form(d, "/contacts/saved-filters", {"name": "x" * 61}, page="/contacts/", follow_redirects=True)
    assert "cannot be longer than 60" in response.get_data(as_text=True)


def test_convert_to_customer_and_enrol_with_an_invitation(web, crm):
    user = web.user("distributor")
    client = client_for(web, user)
    cid = web.sql("insert into contacts (owner_id, first_name, last_name, email) values"
                  " (%s, 'Nia', 'Okafor', 'nia.okafor@example.test') returning id", [user["id"]])[0]["id"]
    url = f"/contacts/{cid}"
    html = post_form(client, f"{url}/convert/customer", {}, page=url, follow_redirects=True).get_data(as_text=True)
    assert "The contact is now a customer." in html and "Customer C" in html
    response = post_form(client, f"{url}/convert/distributor", {}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "it is shown only now" in html
    link = re.search(r'value="(http://localhost/invitation/[^"]+)"', html).group(1)
    # The person opens the link (not signed in), sets a password, signs in.
    guest = web.app.test_client()
    path = link.replace("http://localhost", "")
    assert "nia.okafor@example.test" in guest.get(path).get_data(as_text=True)
    response = post_form(guest, path, {"new_password": "short", "confirm_password": "short"})
    assert response.status_code == 422 and "at least 10 characters" in response.get_data(as_text=True)
    response = post_form(guest, path, {"new_password": "a-new-distributor-pass", "confirm_password": "other-pass-1234"})
    assert response.status_code == 422 and "The two passwords differ." in response.get_data(as_text=True)
    response = post_form(guest, path, {"new_password": "a-new-distributor-pass",
                                       "confirm_password": "a-new-distributor-pass"})
    assert response.status_code == 302
    assert guest.get(path).status_code == 404  # single use
    fresh = web.app.test_client()
    assert sign_in(fresh, {"email": "nia.okafor@example.test", "password": "a-new-distributor-pass"}).status_code == 302
    sponsor = web.sql("select d.sponsor_id::text from distributors d join users u on u.id = d.user_id"
                      " where u.email = 'nia.okafor@example.test'")[0]["sponsor_id"]
    assert sponsor == user["id"]
    html = client.get(url).get_data(as_text=True)
    assert "Signed up" in html and "Enrol as distributor" not in html


def test_enrolment_without_an_email_says_so(web, crm):
    user = web.user("distributor")
    client = client_for(web, user)
    cid = web.sql("insert into contacts (owner_id, first_name) values (%s, 'NoMail') returning id",
                  [user["id"]])[0]["id"]
    url = f"/contacts/{cid}"
    html = post_form(client, f"{url}/convert/distributor", {}, page=url, follow_redirects=True).get_data(as_text=True)
    assert "add one to the contact first" in html
    html = post_form(client, f"{url}/convert/customer", {}, page=url, follow_redirects=True).get_data(as_text=True)
    assert "A customer needs an email address" in html


def test_a_bad_invitation_link(web):
    response = web.app.test_client().get("/invitation/not-a-real-token")
    assert response.status_code == 404 and "This link does not work" in response.get_data(as_text=True)


def test_lead_scoring_page_and_admin_edits(web, crm):
    admin = client_for(web, crm[0]["admin"])
    html = admin.get("/contacts/scoring").get_data(as_text=True)
    assert "Referred by someone" in html and "Weeks without activity" in html
    response = post_form(admin, "/contacts/scoring", {"new-kind": "tag", "new-match": "VIP", "new-label": "VIP tag",
                                                      "new-points": "7", "new-is_active": "y"},
                         follow_redirects=True)
    assert "Rule saved" in response.get_data(as_text=True)
    assert web.sql("select lead_score from contacts where id = %s", [crm[1]["olga"]])[0]["lead_score"] == 7
    for data, message in (({"new-kind": "tag", "new-match": "x", "new-label": "X", "new-points": "500"},
                           "Points are from -100 to 100."),
                          ({"new-kind": "source", "new-match": "pigeon", "new-label": "X", "new-points": "5"},
                           "is not a source"),
                          ({"new-kind": "volcano", "new-label": "X", "new-points": "5"}, "Not a valid choice"),
                          ({"new-kind": "tag", "new-match": "y", "new-label": "", "new-points": "5"},
                           "Give the rule a label."),
                          ({"new-kind": "tag", "new-match": "vip", "new-label": "Again", "new-points": "5"},
                           "A rule for this already exists")):
        response = post_form(admin, "/contacts/scoring", data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    d = client_for(web, crm[0]["D"])
    html = d.get("/contacts/scoring").get_data(as_text=True)
    assert "VIP tag" in html and "Add a rule" not in html
    response = post_form(d, "/contacts/scoring", {"new-kind": "tag", "new-match": "x", "new-label": "X",
                                                  "new-points": "5"})
    assert response.status_code == 403


def test_an_auditor_reads_but_is_offered_no_writes(web, crm):
    auditor = client_for(web, crm[0]["auditor"])
    html = auditor.get(f"/contacts/{crm[1]['ann']}").get_data(as_text=True)
    assert "Ann Lee" in html and "Log it" not in html and "Delete" not in html and "Enrol" not in html
    assert auditor.get("/contacts/new").status_code == 403
    token = csrf_from(auditor.get("/account/").get_data(as_text=True))
    assert auditor.post("/contacts/bulk", data={"csrf_token": token, "ids": [crm[1]["ann"]],
                                                "action": "tag_add", "value": "x"}).status_code == 403
