"""The genealogy page as a distributor uses it, in a real browser: expand the
tree three levels deep (recruits load as nodes open), search the downline as
you type, open a downline member; and an admin moving someone."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect
from test_sign_in_flow import sign_in


def _tree(live) -> dict:
    """Dana ── Carl ── Gina ── Hugo ── Ivy, and Dana ── Kim; Olga (Dana's sibling) ── Paul."""
    names = {"T": "Tess", "D": "Dana", "C": "Carl", "G": "Gina", "H": "Hugo", "I": "Ivy", "K": "Kim",
             "O": "Olga", "P": "Paul"}
    sponsors = {"T": None, "D": "T", "C": "D", "G": "C", "H": "G", "I": "H", "K": "D", "O": "T", "P": "O"}
    suffix = uuid.uuid4().hex[:6]
    people = {}
    for label, sponsor in sponsors.items():
        people[label] = live.user("distributor", sponsor=people[sponsor]["id"] if sponsor else None)
        live.sql("update users set first_name = %s, last_name = %s where id = %s",
                 [names[label], f"Flow{suffix}", people[label]["id"]])
        people[label]["name"] = f"{names[label]} Flow{suffix}"
    return people


def test_expand_three_levels_search_and_open_a_downline_member(page, live):
    people = _tree(live)
    sign_in(page, people["D"]["email"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Genealogy").click()
    expect(page.get_by_role("heading", name=people["D"]["name"], level=1)).to_be_visible()
    expect(page.get_by_role("link", name=people["K"]["name"])).to_be_visible()

    # Three levels: Carl's recruits, then Gina's, then Hugo's, each loaded on expand.
    for parent, child in (("C", "G"), ("G", "H"), ("H", "I")):
        toggle = page.get_by_role("button", name=f"Show recruits of {people[parent]['name']}")
        expect(page.get_by_role("link", name=people[child]["name"])).to_have_count(0)
        toggle.click()
        expect(page.get_by_role("button", name=f"Hide recruits of {people[parent]['name']}")).to_have_attribute(
            "aria-expanded", "true")
        expect(page.get_by_role("link", name=people[child]["name"])).to_be_visible()
    # Collapsing hides a branch again without reloading it.
    page.get_by_role("button", name=f"Hide recruits of {people['C']['name']}").click()
    expect(page.get_by_role("link", name=people["I"]["name"])).to_be_hidden()
    page.get_by_role("button", name=f"Show recruits of {people['C']['name']}").click()
    expect(page.get_by_role("link", name=people["I"]["name"])).to_be_visible()

    # Search as you type: only the downline answers.
    search = page.get_by_role("searchbox", name="Search your downline")
    search.fill("Ivy")
    results = page.locator("#search_results")
    expect(results.get_by_role("link", name=people["I"]["name"])).to_be_visible()
    search.fill("Paul")
    expect(results.get_by_text("Nobody matches")).to_be_visible()
    search.fill("hugo")
    results.get_by_role("link", name=people["H"]["name"]).click()

    expect(page.get_by_role("heading", name=people["H"]["name"], level=1)).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Upline")
    expect(crumbs.get_by_role("link", name=people["D"]["name"])).to_be_visible()
    expect(crumbs.get_by_text(people["T"]["name"])).to_have_count(0)      # never above oneself
    page.get_by_role("link", name="Levels").click()
    expect(page.get_by_role("heading", name="People at each level")).to_be_visible()
    page.get_by_role("link", name="Picture").click()
    expect(page.get_by_role("img", name=f"The sponsor tree below {people['H']['name']}, 2 levels down")).to_be_visible()


def test_an_admin_moves_a_distributor_after_a_preview(page, live):
    people = _tree(live)
    admin = live.user("admin")
    sign_in(page, admin["email"])
    number = {k: live.sql("select distributor_number from distributors where user_id = %s",
                          [p["id"]])[0]["distributor_number"] for k, p in people.items()}
    page.goto(f"/genealogy/?id={people['G']['id']}")
    page.get_by_role("link", name="Move this distributor").click()
    expect(page.get_by_label("Distributor to move")).to_have_value(number["G"])
    page.get_by_label("New sponsor").fill(number["P"])
    page.get_by_label("Reason").fill("Sponsor changed after a compliance review")
    page.get_by_role("button", name="Preview the move").click()
    expect(page.get_by_role("heading", name="3 people move")).to_be_visible()
    page.get_by_role("button", name="Move 3 people").click()
    expect(page.get_by_text("Moved 3 people under")).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Upline")
    expect(crumbs.get_by_role("link", name=people["P"]["name"])).to_be_visible()
