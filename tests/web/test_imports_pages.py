"""CSV import over HTTP: upload, mapping with preview, the job (run in
process: MLMCRM_HUEY=memory), progress, the report; every kind of bad file."""
from __future__ import annotations

import csv
import io

import pytest
from webtools import csrf_from, sign_in


def client_for(web, user):
    client = web.app.test_client()
    assert sign_in(client, user).status_code == 302
    return client


def upload(client, data: bytes, name="leads.csv", **form):
    page = client.get("/contacts/imports/new").get_data(as_text=True)
    return client.post("/contacts/imports/new", content_type="multipart/form-data",
                       data={"csrf_token": csrf_from(page), "encoding": "utf-8",
                             "file": (io.BytesIO(data), name), **form})


def start(client, import_url, mapping: dict, **options):
    page = client.get(import_url).get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "dedupe": "skip", "default_source": "import", "add_tags": "",
            **{f"col_{n}": field for n, field in mapping.items()}, **options}
    return client.post(f"{import_url}/start", data=data)


@pytest.fixture
def d(web):
    user = web.user("distributor")
    return user, client_for(web, user)


def test_upload_map_preview_run_and_report(web, d):
    user, client = d
    web.sql("insert into contacts (owner_id, first_name, email) values (%s, 'Existing', 'kim@example.test')",
            [user["id"]])
    data = (b"First name;Surname;E-mail;Mobile;Notes\r\n"
            b"Ann;Lee;ann@example.test;+1 555 010 0101;Met at the fair\r\n"
            b"Bob;Stone;not-an-email;;\r\n"
            b"Kim;Park;KIM@example.test;;\r\n"
            b"=cmd|' /C calc'!A0;X;evil@example.test;;\r\n")
    response = upload(client, data)
    assert response.status_code == 302
    url = response.headers["Location"]
    html = client.get(url).get_data(as_text=True)
    # The guessed mapping and the preview of the first lines, with the reason a line would be left out.
    assert 'value="first_name" selected' in html and 'value="phone" selected' in html
    assert "Left out: Enter a valid email address" in html and "Ann" in html
    preview = client.post(f"{url}/preview", data={"csrf_token": csrf_from(html), "col_1": "first_name",
                                                  "col_3": "email", "dedupe": "skip"},
                          headers={"HX-Request": "true", "HX-Target": "import_preview"})
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and text.lstrip().startswith('<div id="import_preview">') and "<html" not in text
    response = start(client, url, {1: "first_name", 2: "last_name", 3: "email", 4: "phone", 5: "notes"},
                     add_tags="fair 2026")
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)  # the job ran in process, after the commit
    assert "Done" in html and "<strong>1</strong> new contact" in html
    assert "<strong>1</strong> skipped as duplicates" in html and "<strong>2</strong> rejected" in html
    ann = web.sql("select tags, notes, source from contacts where email = 'ann@example.test'")[0]
    assert ann == {"tags": ["fair-2026"], "notes": "Met at the fair", "source": "import"}
    report = client.get(f"{url}/report.csv")
    assert report.status_code == 200 and "attachment" in report.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(report.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["line", "result", "reason", "First name", "Surname", "E-mail", "Mobile", "Notes"]
    assert [r[:2] for r in rows[1:]] == [["3", "rejected"], ["4", "skipped"], ["5", "rejected"]]
    assert rows[3][3] == "'=cmd|' /C calc'!A0"  # the formula comes back neutralised
    assert "Already a contact: Existing." in rows[2][2]


def test_progress_fragment_polls_until_done(web, d):
    user, client = d
    response = upload(client, b"Email\na@example.test\n")
    url = response.headers["Location"]
    import_id = url.rsplit("/", 1)[1]
    web.sql("update contact_imports set status = 'checking', progress_done = 0, mapping = '{\"email\": 1}'"
            " where id = %s", [import_id])
    fragment = client.get(f"{url}/progress", headers={"HX-Request": "true", "HX-Target": "import_status"})
    text = fragment.get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in text and "Checking lines: 0 of 1" in text and "<html" not in text
    web.sql("update contact_imports set status = 'done' where id = %s", [import_id])
    text = client.get(f"{url}/progress", headers={"HX-Request": "true", "HX-Target": "import_status"}).get_data(
        as_text=True)
    assert "every 1s" not in text and "Done" in text


@pytest.mark.parametrize("data,message", [
    ("Name,Email\nJosé,jose@example.test\n".encode("cp1252"), "The file is not UTF-8 text"),
    (b"ann@example.test,Ann Lee\nbob@example.test,Bob\n", "looks like a contact"),
    (b"", "The file is empty."),
    (b"   \n\n", "The file is empty."),
    (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
    (("Notes\n" + "x" * 10 * 1024 * 1024 + "\n").encode(), "longer than 131,072 characters"),
    (b"Email\n" + b"a@example.test\n" * 200_001, "at most 200,000 contacts"),
    (b"Name,Name\nA,B\n", "are both named"),
    (b"Name,Email\n", "no contacts under it"),
])
def test_bad_files_are_refused_with_a_clear_message_and_nothing_staged(web, d, data, message):
    user, client = d
    response = upload(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert web.sql("select count(*) as n from contact_imports where owner_id = %s", [user["id"]])[0]["n"] == 0


def test_wrong_encoding_can_be_chosen(web, d):
    user, client = d
    response = upload(client, "Name,Email\nJosé Müller,jose@example.test\n".encode("cp1252"),
                      encoding="windows-1252")
    assert response.status_code == 302
    url = response.headers["Location"]
    start(client, url, {1: "full_name", 2: "email"})
    assert web.sql("select first_name, last_name from contacts where email = 'jose@example.test'")[0] == {
        "first_name": "José", "last_name": "Müller"}


def test_no_file_chosen(web, d):
    _, client = d
    page = client.get("/contacts/imports/new").get_data(as_text=True)
    response = client.post("/contacts/imports/new", data={"csrf_token": csrf_from(page), "encoding": "utf-8"})
    assert response.status_code == 422 and "Choose a CSV file to upload." in response.get_data(as_text=True)
    response = upload(client, b"Email\na@b.test\n", encoding="klingon")
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)


def test_an_upload_over_the_size_limit(web, d):
    _, client = d
    response = upload(client, b"Notes\n" + b"x" * (21 * 1024 * 1024))
    assert response.status_code == 413


@pytest.mark.parametrize("mapping,options,message", [
    ({}, {}, "Map at least a name, an email, a phone or a company column."),
    ({1: "email", 2: "email"}, {}, "is chosen for two columns"),
    ({1: "full_name", 2: "first_name"}, {}, "either a whole name or first and last names"),
    ({1: "password"}, {}, "Map at least a name"),  # an unknown field is ignored
    ({1: "email"}, {"dedupe": "merge"}, "Not a valid choice"),
    ({1: "email"}, {"add_tags": "a,b,c,d,e,f"}, "Add at most 5 tags"),
])
def test_bad_mappings_are_refused_and_nothing_runs(web, d, mapping, options, message):
    user, client = d
    url = upload(client, b"Email,Name\nx@example.test,X\n").headers["Location"]
    response = start(client, url, mapping, **options)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert web.sql("select status from contact_imports where id = %s", [url.rsplit("/", 1)[1]])[0][
        "status"] == "uploaded"


def test_a_distributor_cannot_see_or_run_another_ones_import(web, d):
    _, client = d
    other = client_for(web, web.user("distributor"))
    url = upload(other, b"Email\nx@example.test\n").headers["Location"]
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/report.csv").status_code == 404
    assert start(client, url, {1: "email"}).status_code == 404
    assert web.sql("select status from contact_imports where id = %s", [url.rsplit("/", 1)[1]])[0][
        "status"] == "uploaded"


def test_a_manager_imports_into_a_distributors_contacts(web):
    manager = client_for(web, web.user("manager"))
    target = web.user("distributor")
    response = upload(manager, b"Email\nfor-them@example.test\n", owner_email=target["email"])
    assert response.status_code == 302
    start(manager, response.headers["Location"], {1: "email"})
    assert web.sql("select owner_id::text from contacts where email = 'for-them@example.test'")[0][
        "owner_id"] == target["id"]
    response = upload(manager, b"Email\nx@example.test\n", owner_email="ghost@example.test")
    assert response.status_code == 422 and "No active distributor or manager" in response.get_data(as_text=True)


def test_cancel_before_start(web, d):
    _, client = d
    url = upload(client, b"Email\nx@example.test\n").headers["Location"]
    token = csrf_from(client.get(url).get_data(as_text=True))
    html = client.post(f"{url}/cancel", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "Import cancelled: no contact was written." in html
    html = client.post(f"{url}/cancel", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "This import has finished already." in html
