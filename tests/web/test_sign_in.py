"""Sign-in over HTTP: CSRF, lockout, suspension, two-factor, audit, sessions."""
from __future__ import annotations

import time

import pyotp
import pytest
from webtools import PASSWORD, csrf_from, post_form, sign_in

UA = {"User-Agent": "pytest-browser/1.0"}


def enrol_totp(client) -> tuple[str, list[str]]:
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = page.split('id="manual-key">')[1].split("<")[0]
    done = client.post("/account/two-factor", data={"csrf_token": csrf_from(page),
                                                    "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200, done.get_data(as_text=True)
    html = done.get_data(as_text=True)
    codes = [c.split("</code>")[0] for c in html.split("<li><code>")[1:]]
    assert len(codes) == 10
    return secret, codes


def test_post_without_csrf_token_is_400_with_a_readable_message(client):
    response = client.post("/login", data={"email": "a@b.test", "password": "x"})
    assert response.status_code == 400
    assert "without a valid security token" in response.get_data(as_text=True)


def test_sign_in_and_out(client, web):
    user = web.user("distributor")
    response = sign_in(client, user, headers=UA)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "PV this period" in home.get_data(as_text=True)
    page = home.get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert client.get("/").headers["Location"].startswith("/login")


def test_wrong_password_does_not_say_whether_the_email_exists(client, web):
    user = web.user()
    known = post_form(client, "/login", {"email": user["email"], "password": "wrong-password-1"})
    unknown = post_form(client, "/login", {"email": "nobody-here@example.test", "password": "wrong-password-1"})
    for response in (known, unknown):
        assert response.status_code == 200
        assert "Email or password is incorrect" in response.get_data(as_text=True)


def test_every_attempt_is_audited_with_ip_and_user_agent(client, web):
    user = web.user()
    post_form(client, "/login", {"email": user["email"], "password": "wrong-password-1"}, headers=UA)
    sign_in(client, user, headers=UA)
    failed = web.audit("login_failed", user["id"])
    succeeded = web.audit("login_succeeded", user["id"])
    assert len(failed) == 1 and len(succeeded) == 1
    for event in failed + succeeded:
        assert event["entity_type"] == "sign_in"
        assert event["user_agent"] == "pytest-browser/1.0"
        assert str(event["ip_address"]) == "127.0.0.1"
        assert event["after_data"]["email"] == user["email"]
    unknown = "ghost@example.test"
    post_form(web.app.test_client(), "/login", {"email": unknown, "password": "wrong-password-1"})
    assert any(e["after_data"]["email"] == unknown for e in web.audit("login_failed"))


def test_five_bad_passwords_lock_the_account_for_15_minutes(client, web):
    user = web.user()
    for _ in range(5):
        post_form(client, "/login", {"email": user["email"], "password": "wrong-password-1"})
    row = web.sql("select locked_until - now() as left_ from users where id = %s", [user["id"]])[0]
    assert 14 * 60 < row["left_"].total_seconds() <= 15 * 60
    assert len(web.audit("login_locked", user["id"])) == 1
    # The right password does not open a locked account, and the message stays the same.
    locked = sign_in(client, user)
    assert locked.status_code == 200 and "Email or password is incorrect" in locked.get_data(as_text=True)
    # When the lock has passed, the right password works again.
    web.sql("update users set locked_until = now() - interval '1 second' where id = %s", [user["id"]])
    assert sign_in(client, user).status_code == 302


def test_suspended_user_cannot_sign_in_and_loses_open_sessions(client, web):
    user = web.user()
    assert sign_in(client, user).status_code == 302
    web.sql("update users set status = 'suspended' where id = %s", [user["id"]])
    assert client.get("/").headers["Location"].startswith("/login")
    refused = sign_in(client, user)
    assert refused.status_code == 200 and "Email or password is incorrect" in refused.get_data(as_text=True)


def test_totp_enrolment_sign_in_and_replay_refused(web):
    user = web.user("manager")
    first = web.app.test_client()
    sign_in(first, user)
    secret, _codes = enrol_totp(first)

    second = web.app.test_client()
    step = sign_in(second, user)
    assert step.headers["Location"] == "/login/code"
    # The code accepted at enrolment was for this time step: it cannot be used again.
    code = pyotp.TOTP(secret).now()
    replay = post_form(second, "/login/code", {"kind": "totp", "code": code})
    assert replay.status_code == 200 and "not valid" in replay.get_data(as_text=True)
    # The next step's code is fresh and works.
    fresh = pyotp.TOTP(secret).at(time.time() + 30)
    ok = post_form(second, "/login/code", {"kind": "totp", "code": fresh})
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    # ...once.
    third = web.app.test_client()
    sign_in(third, user)
    again = post_form(third, "/login/code", {"kind": "totp", "code": fresh})
    assert "not valid" in again.get_data(as_text=True)


def test_backup_code_works_once(web):
    user = web.user("support")
    first = web.app.test_client()
    sign_in(first, user)
    _secret, codes = enrol_totp(first)
    for expected in (302, 200):
        client = web.app.test_client()
        sign_in(client, user)
        response = post_form(client, "/login/code", {"kind": "backup", "backup_code": codes[0]})
        assert response.status_code == expected
    assert web.sql("select cardinality(backup_code_hashes) as n from private.user_credentials"
                   " where user_id = %s", [user["id"]])[0]["n"] == 9


def test_no_second_factor_opens_an_account_locked_after_the_password_step(web):
    """The password step passed, then the account was locked (five bad tries from
    elsewhere): neither a backup code nor a fresh code completes the sign-in."""
    user = web.user("support")
    first = web.app.test_client()
    sign_in(first, user)
    secret, codes = enrol_totp(first)
    client = web.app.test_client()
    assert sign_in(client, user).headers["Location"] == "/login/code"
    web.sql("update users set locked_until = now() + interval '15 minutes' where id = %s", [user["id"]])
    backup = post_form(client, "/login/code", {"kind": "backup", "backup_code": codes[0]})
    fresh = post_form(client, "/login/code", {"kind": "totp", "code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert backup.status_code != 302 and fresh.status_code != 302
    assert web.sql("select cardinality(backup_code_hashes) as n from private.user_credentials"
                   " where user_id = %s", [user["id"]])[0]["n"] == 10  # the code was not spent


def test_distributor_gets_403_on_staff_pages_and_no_staff_navigation(client, web):
    sign_in(client, web.user("distributor"))
    home = client.get("/").get_data(as_text=True)
    assert "Users" not in home and "Audit trail" not in home
    for url in ("/admin/users/", "/audit/", "/periods/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Your role does not give you access" in response.get_data(as_text=True)


def test_admin_and_finance_need_two_factor_for_money_pages(web):
    for role in ("admin", "finance"):
        client = web.app.test_client()
        sign_in(client, web.user(role))
        response = client.get("/periods/")
        assert response.status_code == 302 and response.headers["Location"].startswith("/account/two-factor")
        enrol_totp(client)
        assert client.get("/periods/").status_code == 200
    # Roles without money duties read periods without two-factor sign-in.
    client = web.app.test_client()
    sign_in(client, web.user("auditor"))
    assert client.get("/periods/").status_code == 200


def test_password_change_ends_other_sessions(web):
    user = web.user()
    here, elsewhere = web.app.test_client(), web.app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    new = "another-long-passphrase"
    response = post_form(here, "/account/password", {"current_password": PASSWORD, "new_password": new,
                                                     "confirm_password": new}, page="/account/")
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").headers["Location"].startswith("/login")
    assert sign_in(web.app.test_client(), {**user, "password": new}).status_code == 302
    assert len(web.audit("password_changed", user["id"])) == 1


def test_weak_new_password_refused_with_a_reason(client, web):
    user = web.user()
    sign_in(client, user)
    response = post_form(client, "/account/password", {"current_password": PASSWORD, "new_password": "short",
                                                       "confirm_password": "short"}, page="/account/")
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)


@pytest.mark.parametrize("email,password,message", [
    ("", "", "Enter your email."),
    ("not-an-email", "x", "Enter a valid email address."),
    ("a" * 300 + "@example.test", "x", "Field cannot be longer than 255 characters."),
    ("x@example.test' or 1=1 --", "' or '1'='1", "Enter a valid email address."),
    ("<script>alert(1)</script>@x.test", "<b>", "Email or password is incorrect"),
    ("jürgen@exämple.test", "pässwörd-ünïcode", "Email or password is incorrect"),
    ("someone@example.test", "p" * 500, "That password is too long."),
])
def test_bad_sign_in_input_gets_a_message_by_the_field(client, email, password, message):
    response = post_form(client, "/login", {"email": email, "password": password})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert "<script>alert(1)</script>" not in html


def test_two_factor_cannot_be_turned_off_with_a_session_alone(web, client):
    """A stolen session and its CSRF token are not enough: the password is asked again."""
    user = web.user("manager")
    assert sign_in(client, user).status_code == 302
    web.sql("update users set two_factor_enabled = true where id = %s", [user["id"]])
    refused = post_form(client, "/account/two-factor/disable", {}, page="/account/")
    assert refused.status_code == 422 and "Enter your password" in refused.get_data(as_text=True)
    wrong = post_form(client, "/account/two-factor/disable", {"off-current_password": "not-my-password"},
                      page="/account/")
    assert wrong.status_code == 422 and "That is not your password." in wrong.get_data(as_text=True)
    assert web.sql("select two_factor_enabled from users where id = %s", [user["id"]])[0]["two_factor_enabled"]
    done = post_form(client, "/account/two-factor/disable", {"off-current_password": user["password"]},
                     page="/account/")
    assert done.status_code == 302
    assert not web.sql("select two_factor_enabled from users where id = %s", [user["id"]])[0]["two_factor_enabled"]
