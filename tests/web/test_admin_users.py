"""Admin user management over HTTP, and `mlmcrm users create`."""
from __future__ import annotations

import os
import subprocess
import sys

import pyotp
import pytest
from webtools import csrf_from, post_form, sign_in


@pytest.fixture
def admin(web):
    client = web.app.test_client()
    user = web.user("admin")
    sign_in(client, user)
    return client, user


def test_admin_creates_a_user_who_can_sign_in(admin, web):
    client, _ = admin
    email = "new.manager@example.test"
    response = post_form(client, "/admin/users/new", {"email": email, "first_name": "Nia", "last_name": "Okafor",
                                                       "role": "manager", "password": "a-fine-long-passphrase"})
    assert response.status_code == 302
    created = web.sql("select id, role from users where email = %s", [email])[0]
    assert created["role"] == "manager"
    assert sign_in(web.app.test_client(), {"email": email, "password": "a-fine-long-passphrase"}).status_code == 302
    assert web.sql("select count(*) as n from audit_logs where entity_type = 'users' and action = 'insert'"
                   " and entity_id = %s", [str(created["id"])])[0]["n"] == 1


def test_admin_creates_a_distributor_under_a_sponsor(admin, web):
    client, _ = admin
    sponsor = web.user("distributor")
    number = web.sql("select distributor_number from distributors where user_id = %s", [sponsor["id"]])[0]
    response = post_form(client, "/admin/users/new", {
        "email": "recruit@example.test", "first_name": "Ravi", "last_name": "Shah", "role": "distributor",
        "sponsor_number": number["distributor_number"], "password": ""})
    assert response.status_code == 302
    row = web.sql("select d.sponsor_id::text, d.distributor_number from distributors d join users u"
                  " on u.id = d.user_id where u.email = 'recruit@example.test'")[0]
    assert row["sponsor_id"] == sponsor["id"] and row["distributor_number"].startswith("D")


@pytest.mark.parametrize("data,message", [
    ({"email": "", "first_name": "", "last_name": "", "role": "manager"}, "Enter an email."),
    ({"email": "x" * 300, "first_name": "A", "last_name": "B", "role": "manager"}, "cannot be longer than 255"),
    ({"email": "ok@example.test", "first_name": "A" * 101, "last_name": "B", "role": "manager"},
     "cannot be longer than 100"),
    ({"email": "ok@example.test", "first_name": "A", "last_name": "B", "role": "emperor"}, "Not a valid choice"),
    ({"email": "ok@example.test", "first_name": "A", "last_name": "B", "role": "manager", "password": "123"},
     "at least 10 characters"),
    ({"email": "ok@example.test", "first_name": "A", "last_name": "B", "role": "distributor",
      "sponsor_number": "' or 1=1 --"}, "No distributor has this number."),
    ({"email": "<img src=x onerror=alert(1)>@x.test", "first_name": "<b>x</b>", "last_name": "B",
      "role": "manager"}, "Enter a valid email address."),
])
def test_bad_input_on_user_form_changes_nothing(admin, web, data, message):
    client, _ = admin
    before = web.sql("select count(*) as n from users")[0]["n"]
    response = post_form(client, "/admin/users/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert "<img src=x onerror=alert(1)>" not in html
    assert web.sql("select count(*) as n from users")[0]["n"] == before


def test_sign_in_email_is_case_insensitive(web):
    user = web.user("support")
    assert sign_in(web.app.test_client(), {**user, "email": user["email"].upper()}).status_code == 302


def test_duplicate_email_is_a_field_message(admin, web):
    client, _ = admin
    existing = web.user("support")
    response = post_form(client, "/admin/users/new", {"email": existing["email"].upper(), "first_name": "A",
                                                       "last_name": "B", "role": "support"})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_suspend_and_reactivate(admin, web):
    client, _ = admin
    user = web.user("distributor")
    page = f"/admin/users/{user['id']}"
    post_form(client, f"{page}/status", {"status": "suspended"}, page=page)
    assert web.sql("select status from users where id = %s", [user["id"]])[0]["status"] == "suspended"
    assert sign_in(web.app.test_client(), user).status_code == 200
    post_form(client, f"{page}/status", {"status": "active"}, page=page)
    assert sign_in(web.app.test_client(), user).status_code == 302


def test_set_role_and_admin_cannot_demote_self(admin, web):
    client, me = admin
    user = web.user("support")
    page = f"/admin/users/{user['id']}"
    post_form(client, f"{page}/role", {"role": "finance"}, page=page)
    assert web.sql("select role from users where id = %s", [user["id"]])[0]["role"] == "finance"
    mine = f"/admin/users/{me['id']}"
    response = post_form(client, f"{mine}/role", {"role": "distributor"}, page=mine, follow_redirects=True)
    assert "You cannot change your own role." in response.get_data(as_text=True)
    assert web.sql("select role from users where id = %s", [me["id"]])[0]["role"] == "admin"


def test_admin_resets_two_factor_audited(admin, web):
    client, _ = admin
    user = web.user("manager")
    other = web.app.test_client()
    sign_in(other, user)
    page = other.get("/account/two-factor").get_data(as_text=True)
    secret = page.split('id="manual-key">')[1].split("<")[0]
    other.post("/account/two-factor", data={"csrf_token": csrf_from(page), "code": pyotp.TOTP(secret).now()})
    assert web.sql("select two_factor_enabled from users where id = %s", [user["id"]])[0]["two_factor_enabled"]
    target = f"/admin/users/{user['id']}"
    post_form(client, f"{target}/two-factor/reset", {}, page=target)
    assert not web.sql("select two_factor_enabled from users where id = %s", [user["id"]])[0]["two_factor_enabled"]
    assert len(web.audit("two_factor_reset_by_admin", user["id"])) == 1


def test_non_admin_cannot_manage_users(web):
    client = web.app.test_client()
    sign_in(client, web.user("manager"))
    assert client.get("/admin/users/").status_code == 403
    assert client.get("/admin/users/new").status_code == 403


def _cli(web, *args, input_text=None):
    env = {k: v for k, v in os.environ.items()}
    env["DATABASE_URL"] = web.admin_dsn
    env.pop("APP_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "webapp.cli", "users", "create", *args], env=env,
                          input=input_text or "", capture_output=True, text=True, timeout=120)


def test_cli_creates_a_user_and_refuses_weak_passwords(web):
    weak = _cli(web, "cli.weak@example.test", "--role", "support", "--password", "password123")
    assert weak.returncode == 1 and "Weak password: This password is one of the most common" in weak.stderr
    assert "Traceback" not in weak.stderr
    ok = _cli(web, "cli.user@example.test", "--role", "finance", "--first-name", "Cleo",
              input_text="a-sturdy-passphrase\na-sturdy-passphrase\n")
    assert ok.returncode == 0, ok.stderr
    assert sign_in(web.app.test_client(), {"email": "cli.user@example.test",
                                          "password": "a-sturdy-passphrase"}).status_code == 302
    dup = _cli(web, "cli.user@example.test", "--role", "finance", "--password", "another-sturdy-one")
    assert dup.returncode == 1 and "already exists" in dup.stderr


def test_active_search_returns_only_the_targeted_block(admin, web):
    client, _ = admin
    user = web.user("auditor", email="findme.auditor@example.test")
    htmx = {"HX-Request": "true", "HX-Target": "user_rows"}
    fragment = client.get("/admin/users/?q=findme", headers=htmx)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert user["email"] in html and "<tr>" in html
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in fragment.headers["Vary"].split(",")}
    # A history restore and a boosted link (no target block) get the whole page.
    restore = client.get("/admin/users/?q=findme", headers={**htmx, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)
    boosted = client.get("/admin/users/?q=findme", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)
