"""A distributor's day in a real browser: search as you type, drag a card on
the pipeline board, import a CSV with bad lines and duplicates, tick off a task."""
from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import expect
from test_sign_in_flow import sign_in


def _distributor_with_contacts(live, n_extra: int = 0):
    user = live.user("distributor")
    rows = [("Ann", "Lee", "ann@example.test"), ("Annika", "Berg", "annika@example.test"),
            ("Bob", "Stone", "bob@example.test"), ("Dana", "Annand", "dana@example.test")]
    ids = {}
    for first, last, email in rows:
        ids[first] = str(live.sql("insert into contacts (owner_id, first_name, last_name, email) values"
                                  " (%s, %s, %s, %s) returning id", [user["id"], first, last, email])[0]["id"])
    return user, ids


def test_search_narrows_as_you_type(page, live):
    user, _ = _distributor_with_contacts(live)
    other = live.user("distributor")
    live.sql("insert into contacts (owner_id, first_name, last_name) values (%s, 'Anneliese', 'Other')", [other["id"]])
    sign_in(page, user["email"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    rows = page.locator("#contact_rows tr")
    expect(rows).to_have_count(4)
    search = page.get_by_label("Search")
    search.press_sequentially("ann", delay=60)
    expect(rows).to_have_count(3)  # Ann, Annika, Dana Annand (never the other distributor's Anneliese)
    expect(page.get_by_role("link", name="Bob Stone")).to_have_count(0)
    search.press_sequentially("i", delay=60)
    expect(rows).to_have_count(1)
    expect(page.get_by_role("link", name="Annika Berg")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=anni"))
    search.fill("")
    search.press("Enter")
    expect(rows).to_have_count(4)


def test_drag_a_card_to_another_stage_and_see_it_on_the_timeline(page, live):
    user, ids = _distributor_with_contacts(live)
    sign_in(page, user["email"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pipeline").click()
    card = page.locator(f'li.card-item[data-id="{ids["Bob"]}"]')
    proposal = page.get_by_role("list", name="Proposal")
    expect(page.locator('[data-stage-count="proposal"]')).to_have_text("0")
    card.drag_to(proposal)
    expect(page.locator('[data-stage-count="proposal"]')).to_have_text("1")
    expect(proposal.get_by_role("link", name="Bob Stone")).to_be_visible()
    page.reload()  # the move was saved, not just drawn
    expect(page.get_by_role("list", name="Proposal").get_by_role("link", name="Bob Stone")).to_be_visible()
    page.get_by_role("link", name="Bob Stone").click()
    expect(page.get_by_role("list", name="Timeline, newest first")).to_contain_text("Moved from New to Proposal")

    # Lost asks for a reason (a dialog); the keyboard "Move" control works too.
    page.go_back()
    ann = page.locator(f'li.card-item[data-id="{ids["Ann"]}"]')
    ann.locator("summary").click()
    ann.get_by_label("Move Ann Lee to").select_option("closed_lost")
    ann.get_by_label("Reason (for Lost)").fill("Went with a competitor")
    ann.get_by_role("button", name="Move").click()
    expect(page.locator('[data-stage-count="closed_lost"]')).to_have_text("1")
    expect(page.get_by_role("list", name="Lost")).to_contain_text("Went with a competitor")


def test_drag_to_lost_asks_for_a_reason(page, live):
    user, ids = _distributor_with_contacts(live)
    page.set_viewport_size({"width": 1800, "height": 900})  # all seven columns on screen
    sign_in(page, user["email"])
    page.goto("/pipeline/")
    page.locator(f'li.card-item[data-id="{ids["Dana"]}"]').drag_to(page.get_by_role("list", name="Lost"))
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Reason").fill("No budget this year")
    dialog.get_by_role("button", name="Mark as lost").click()
    expect(page.locator('[data-stage-count="closed_lost"]')).to_have_text("1")
    assert live.sql("select lost_reason from contacts where id = %s", [ids["Dana"]])[0]["lost_reason"] == \
        "No budget this year"


def test_import_1000_lines_with_10_bad_and_20_duplicates_and_get_the_report(page, live, tmp_path):
    user, _ = _distributor_with_contacts(live)
    # 20 duplicates: 10 of contacts already there (by email), 10 repeating an earlier line (by phone).
    existing = ["ann@example.test", "bob@example.test"] + [f"known{i}@example.test" for i in range(8)]
    for email in existing[2:]:
        live.sql("insert into contacts (owner_id, first_name, email) values (%s, 'Known', %s)", [user["id"], email])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["First name", "Last name", "Email", "Phone", "Company"])
    for i in range(970):
        writer.writerow([f"Lead{i}", "Person", f"lead{i}@example.test", f"+1 555 {i // 100:03d} {i % 100:04d}", "Co"])
    for email in existing:
        writer.writerow(["Again", "Known", email.upper(), "", ""])
    for i in range(10):
        writer.writerow(["Twin", f"Of{i}", "", f"+1 (555) {i // 100:03d}-{i % 100:04d}", ""])  # lead{i}'s phone
    for i in range(5):
        writer.writerow([f"Bad{i}", "Mail", f"bad{i}-at-example.test", "", ""])
    for i in range(5):
        writer.writerow([f"=HYPERLINK(\"http://x.test/{i}\")", "Formula", f"f{i}@example.test", "", ""])
    path = tmp_path / "leads.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue().count("\n") == 1001

    sign_in(page, user["email"])
    page.goto("/contacts/")
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and map columns").click()
    expect(page.get_by_role("heading", name="Map the columns of leads.csv")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_value("email")
    expect(page.locator("#import_preview")).to_contain_text("Lead0")
    page.get_by_label("Tag every imported contact with").fill("spring fair")
    page.get_by_role("button", name="Import 1,000 lines").click()
    summary = page.get_by_role("list", name="Import summary")
    expect(summary).to_contain_text("970 new contacts")
    expect(summary).to_contain_text("20 skipped as duplicates")
    expect(summary).to_contain_text("10 rejected")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the lines not imported")).click()
    report = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert len(report) == 30
    assert sum(r["result"] == "rejected" for r in report) == 10
    assert sum(r["result"] == "skipped" for r in report) == 20
    assert all(r["First name"].startswith("'=") for r in report if r["Last name"] == "Formula")
    assert live.sql("select count(*) as n from contacts where owner_id = %s and 'spring-fair' = any (tags)",
                    [user["id"]])[0]["n"] == 970


def test_complete_a_task_from_my_day(page, live):
    user, ids = _distributor_with_contacts(live)
    live.sql("insert into tasks (title, type, priority, assignee_id, created_by_id, contact_id, due_at) values"
             " ('Call Ann about the starter kit', 'call', 'high', %s, %s, %s, now() - interval '2 hours'),"
             " ('Send Bob the catalogue', 'email', 'medium', %s, %s, %s, now() + interval '3 days')",
             [user["id"], user["id"], ids["Ann"], user["id"], user["id"], ids["Bob"]])
    sign_in(page, user["email"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My day").click()
    overdue = page.get_by_role("region", name="Overdue")
    expect(overdue).to_contain_text("Call Ann about the starter kit")
    page.get_by_role("button", name="Complete: Call Ann about the starter kit").click()
    expect(page.get_by_role("region", name="Overdue")).not_to_contain_text("Call Ann about the starter kit")
    expect(page.get_by_role("region", name="Done in the last day")).to_contain_text("Call Ann about the starter kit")
    expect(page.get_by_role("region", name="Next 7 days")).to_contain_text("Send Bob the catalogue")
    page.get_by_role("link", name="Ann Lee").click()
    expect(page.get_by_role("list", name="Timeline, newest first")).to_contain_text("Call Ann about the starter kit")
