"""The genealogy pages over HTTP: who sees which tree, the htmx fragments
(recruits of a node, search results), the levels, legs and picture views,
and the admin's move with its preview, confirmation and refusals."""
from __future__ import annotations

import re
import uuid

import pytest
from webtools import csrf_from, post_form, sign_in

HX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def tree(web):
    """R ── T ─┬─ D ─┬─ C ── G          (D: the distributor under test)
                │     └─ K
                └─ O ── P               (O: D's sibling, not D's to see)"""
    people = {}
    for label, sponsor in (("R", None), ("T", "R"), ("D", "T"), ("C", "D"), ("G", "C"), ("K", "D"),
                           ("O", "T"), ("P", "O")):
        people[label] = web.user("distributor", sponsor=people[sponsor]["id"] if sponsor else None,
                                 email=f"{label.lower()}-{uuid.uuid4().hex[:8]}@example.test")
        web.sql("update users set first_name = %s, last_name = 'Tree' where id = %s",
                [{"R": "Rita", "T": "Tess", "D": "Dana", "C": "Carl", "G": "Gus", "K": "Kim", "O": "Olga",
                  "P": "Paul"}[label], people[label]["id"]])
    for label in people:
        people[label]["number"] = web.sql("select distributor_number from distributors where user_id = %s",
                                          [people[label]["id"]])[0]["distributor_number"]
    for role in ("admin", "manager", "support", "finance", "auditor"):
        people[role] = web.user(role)
    return people


def as_(client, user):
    response = sign_in(client, user)
    assert response.status_code in (302, 303), response.status_code
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def shown(html: str) -> str:
    """What a person reads: the page without its tags and attributes. A name or
    label that must not be shown is looked for here, not in the HTML, whose
    random CSRF token holds any two letters now and then ("GV")."""
    return re.sub(r"<[^>]*>", " ", html)


# --- Who sees what ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["distributor", "manager", "support", "finance", "auditor", "admin"])
def test_every_role_has_genealogy_in_its_navigation(client, tree, role):
    as_(client, tree["D"] if role == "distributor" else tree[role])
    html = text(client.get("/"))
    assert re.search(r'<a href="/genealogy/"[^>]*>Genealogy</a>', html)


def test_a_distributor_opens_on_itself_with_its_recruits_and_sponsor(client, tree):
    as_(client, tree["D"])
    html = text(client.get("/genealogy/"))
    assert "<h1>Dana Tree</h1>" in html
    assert "Carl Tree" in html and "Kim Tree" in html
    assert "Your sponsor: <strong>Tess Tree</strong>" in html
    assert "Olga" not in shown(html) and "Rita" not in shown(html) and "Gus" not in shown(html)  # Gus: on expand
    assert 'aria-label="Show recruits of Carl Tree"' in html
    assert 'aria-label="Show recruits of Kim Tree"' not in html              # no recruits: nothing to expand


def test_a_distributor_gets_404_for_anyone_outside_its_downline(client, tree):
    as_(client, tree["D"])
    for label in ("O", "P", "R"):
        pid = tree[label]["id"]
        for url in (f"/genealogy/?id={pid}", f"/genealogy/{pid}/levels", f"/genealogy/{pid}/legs",
                    f"/genealogy/{pid}/picture", f"/genealogy/search?q=Paul&root={pid}"):
            assert client.get(url).status_code == 404, url
    assert client.get(f"/genealogy/?id={uuid.uuid4()}").status_code == 404
    assert client.get("/genealogy/?id=not-a-uuid").status_code == 404
    fragment = client.get(f"/genealogy/{tree['O']['id']}/recruits", headers=HX)
    assert "Paul" not in text(fragment)


def test_a_distributors_sponsor_page_shows_the_name_only(client, tree):
    as_(client, tree["D"])
    response = client.get(f"/genealogy/?id={tree['T']['id']}")
    assert response.status_code == 200
    html = text(response)
    assert "Tess Tree" in html and "Your sponsor." in html
    assert "Olga" not in shown(html) and "Downline" not in shown(html) and "GV" not in shown(html)
    assert client.get(f"/genealogy/{tree['T']['id']}/levels").status_code == 404


def test_expanding_a_node_returns_its_recruits_as_a_fragment(client, tree):
    as_(client, tree["D"])
    response = client.get(f"/genealogy/{tree['C']['id']}/recruits", headers=HX)
    html = text(response)
    assert response.status_code == 200 and "<html" not in html
    assert 'class="gnode"' in html and "Gus Tree" in html
    assert client.get(f"/genealogy/{tree['C']['id']}/recruits").status_code == 302   # not htmx: the page


def test_search_is_a_fragment_for_htmx_and_never_shows_others_or_emails_to_a_distributor(client, tree):
    as_(client, tree["D"])
    response = client.get("/genealogy/search?q=Tree", headers={**HX, "HX-Target": "search_results"})
    html = text(response)
    assert "<html" not in html
    for name in ("Carl", "Gus", "Kim"):
        assert f"{name} Tree" in html
    for name in ("Olga", "Paul", "Tess", "Rita", "Dana"):
        assert name not in shown(html)
    assert "@example.test" not in html and "<th>Email</th>" not in html
    assert "Nobody matches" in text(client.get("/genealogy/search?q=" + tree["C"]["email"]))
    page = client.get("/genealogy/search?q=gus")
    assert page.status_code == 200 and "<html" in text(page) and "Gus Tree" in text(page)
    assert "Type at least two letters" in text(client.get("/genealogy/search?q=g"))


def test_staff_start_at_the_top_and_open_anyone(client, tree):
    as_(client, tree["support"])
    html = text(client.get("/genealogy/"))
    assert "Top of the tree" in html and "Find a distributor" in html and "Rita Tree" in html
    assert client.get(f"/genealogy/?id={tree['P']['id']}").status_code == 200
    found = text(client.get("/genealogy/search?q=" + tree["P"]["email"], headers={**HX, "HX-Target": "search_results"}))
    assert "Paul Tree" in found and tree["P"]["email"] in found
    crumbs = text(client.get(f"/genealogy/?id={tree['G']['id']}"))
    assert re.search(r"Rita Tree.*Tess Tree.*Dana Tree.*Carl Tree.*Gus Tree", crumbs, re.S)


def test_levels_legs_and_picture_of_ones_own_downline(client, tree):
    as_(client, tree["D"])
    levels = text(client.get(f"/genealogy/{tree['D']['id']}/levels"))
    assert re.search(r'<td class="num">1</td><td class="num">2</td>', levels)       # level 1: Carl and Kim
    assert re.search(r'<td class="num">2</td><td class="num">1</td>', levels)       # level 2: Gus
    legs = text(client.get(f"/genealogy/{tree['D']['id']}/legs"))
    assert "Carl Tree" in legs and "Kim Tree" in legs and "Olga" not in legs
    picture = client.get(f"/genealogy/{tree['D']['id']}/picture?levels=3&width=4")
    svg = text(picture)
    assert picture.status_code == 200 and "<svg" in svg and "Gus Tree" in svg and "Olga" not in svg
    assert client.get(f"/genealogy/{tree['D']['id']}/picture?levels=99&width=-3").status_code == 200


# --- The admin's move -------------------------------------------------------------------

def test_only_admins_may_open_or_post_the_move(web, tree):
    for who in ("D", "manager", "support", "finance", "auditor"):
        client = as_(web.app.test_client(), tree[who])
        assert client.get("/genealogy/move").status_code == 403, who
        token = csrf_from(text(client.get("/genealogy/")))
        data = {"csrf_token": token, "distributor_number": tree["C"]["number"], "reason": "x",
                "new_sponsor_number": tree["O"]["number"], "distributor_id": tree["C"]["id"],
                "new_sponsor_id": tree["O"]["id"], "expected": "2"}
        assert client.post("/genealogy/move", data=data).status_code == 403, who
        assert client.post("/genealogy/move/confirm", data=data).status_code == 403, who
    assert web.audit("move") == []


def test_bad_move_input_is_refused_beside_its_field(client, tree, web):
    as_(client, tree["admin"])
    cases = [
        ({"distributor_number": "", "new_sponsor_number": tree["O"]["number"], "reason": "x"},
         "Enter the number of the distributor to move."),
        ({"distributor_number": tree["C"]["number"], "new_sponsor_number": tree["O"]["number"], "reason": "  "},
         "Give the reason for this move."),
        ({"distributor_number": "NOPE-1", "new_sponsor_number": tree["O"]["number"], "reason": "x"},
         "No distributor has this number."),
        ({"distributor_number": tree["C"]["number"], "new_sponsor_number": "NOPE-2", "reason": "x"},
         "No distributor has this number."),
        ({"distributor_number": tree["D"]["number"], "new_sponsor_number": tree["G"]["number"], "reason": "x"},
         "a distributor cannot move under its own downline"),
        ({"distributor_number": tree["C"]["number"], "new_sponsor_number": tree["D"]["number"], "reason": "x"},
         "is already sponsored by"),
        ({"distributor_number": "X" * 21, "new_sponsor_number": tree["O"]["number"], "reason": "x"},
         "at most 20 characters"),
        ({"distributor_number": tree["C"]["number"], "new_sponsor_number": tree["O"]["number"], "reason": "r" * 1001},
         "under 1,000 characters"),
    ]
    for data, message in cases:
        response = post_form(client, "/genealogy/move", data)
        assert response.status_code == 422, data
        assert message in text(response), (message, text(response)[:3000])
    assert web.audit("move") == []


def test_a_move_previews_then_moves_the_whole_downline_and_is_audited(client, tree, web):
    as_(client, tree["admin"])
    form = text(client.get(f"/genealogy/move?number={tree['C']['number']}"))
    assert f'value="{tree["C"]["number"]}"' in form
    preview = post_form(client, "/genealogy/move", {"distributor_number": tree["C"]["number"],
                                                     "new_sponsor_number": tree["O"]["number"],
                                                     "reason": "Enrolled under the wrong sponsor"})
    html = text(preview)
    assert preview.status_code == 200
    assert "2 people move" in html and "Move 2 people" in html
    assert "Dana Tree" in html and "Olga Tree" in html and "Enrolled under the wrong sponsor" in html
    fields = dict(re.findall(r'<input (?:id="[^"]*" )?name="([a-z_]+)" type="hidden" value="([^"]*)"', html))
    fields.update(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    assert fields["expected"] == "2" and fields["distributor_id"] == tree["C"]["id"]

    # The downline changed since the preview: refused, nothing moves.
    stale = client.post("/genealogy/move/confirm", data={**fields, "expected": "5"})
    assert stale.status_code == 422 and "changed since the preview" in text(stale)
    assert web.sql("select sponsor_id::text from distributors where user_id = %s", [tree["C"]["id"]])[0][
        "sponsor_id"] == tree["D"]["id"]

    done = client.post("/genealogy/move/confirm", data=fields)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/genealogy/?id={tree['C']['id']}")
    assert "Moved 2 people under" in text(client.get(done.headers["Location"]))
    assert web.sql("select sponsor_id::text from distributors where user_id = %s", [tree["C"]["id"]])[0][
        "sponsor_id"] == tree["O"]["id"]
    events = web.audit("move", tree["C"]["id"])
    assert len(events) == 1 and events[0]["row_count"] == 2
    assert events[0]["after_data"]["reason"] == "Enrolled under the wrong sponsor"
    assert web.sql("select count(*) as n from check_genealogy()")[0]["n"] == 0
    assert web.sql("select count(*) as n from check_genealogy_counts()")[0]["n"] == 0

    # A forged confirmation without the form's token is refused.
    assert client.post("/genealogy/move/confirm", data={k: v for k, v in fields.items() if k != "csrf_token"}
                       ).status_code == 400
    # Moving back, straight from the confirmation form.
    back = {**fields, "new_sponsor_id": tree["D"]["id"], "new_sponsor_number": tree["D"]["number"]}
    assert client.post("/genealogy/move/confirm", data=back).status_code == 302


def test_the_admin_home_warns_when_the_closure_table_grows_too_fast(web, tree):
    web.sql("update plan_settings set value = '0' where key = 'genealogy_paths_warn_ratio'")
    web.sql("analyze distributors, genealogy_paths")
    try:
        admin = as_(web.app.test_client(), tree["admin"])
        assert "genealogy closure table holds" in text(admin.get("/"))
        manager = as_(web.app.test_client(), tree["manager"])
        assert "genealogy closure table holds" not in text(manager.get("/"))
    finally:
        web.sql("update plan_settings set value = '60' where key = 'genealogy_paths_warn_ratio'")


def test_a_very_deep_downline_shows_its_first_hundred_levels_and_the_rest_as_one_line(web):
    top = web.user("distributor")
    ids = [str(uuid.uuid4()) for _ in range(120)]
    web.sql("insert into users (id, email) select u, 'deep-' || u || '@example.test' from unnest(%s::uuid[]) u", [ids])
    web.sql("insert into distributors (user_id, distributor_number, sponsor_id)"
            " select u, 'DEEP' || left(u::text, 8), coalesce(lag(u) over (order by o), %s::uuid)"
            "   from unnest(%s::uuid[]) with ordinality as t (u, o)", [top["id"], ids])
    client = as_(web.app.test_client(), top)
    html = text(client.get(f"/genealogy/{top['id']}/levels"))
    assert html.count('class="gbar-cell"') == 100
    assert re.search(r'<td class="num">101–120</td><td class="num">20</td>', html)
    assert "the deepest levels, together" in html
    page = text(client.get(f"/genealogy/?id={ids[-1]}"))
    assert "… 114 more levels …" in page                  # the breadcrumb keeps its top and its last levels
