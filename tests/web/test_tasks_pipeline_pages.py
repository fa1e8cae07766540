"""Tasks ("my day"), the reminder job and the pipeline board over HTTP."""
from __future__ import annotations

import email
from email import policy

import pytest
from webtools import csrf_from, post_form, sign_in

from jobs import tasks as jobs


def client_for(web, user):
    client = web.app.test_client()
    assert sign_in(client, user).status_code == 302
    return client


@pytest.fixture
def d(web):
    user = web.user("distributor")
    contact = str(web.sql("insert into contacts (owner_id, first_name, last_name, email) values"
                          " (%s, 'Tia', 'Moss', 'tia@example.test') returning id", [user["id"]])[0]["id"])
    return user, client_for(web, user), contact


def test_create_a_task_from_a_contact_and_complete_it_from_my_day(web, d):
    user, client, contact = d
    response = post_form(client, f"/tasks/new?contact_id={contact}",
                         {"title": "Call Tia about the kit", "type": "call", "priority": "high",
                          "due_at": "2000-01-01T09:00", "contact_id": contact})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/contacts/{contact}")
    task = str(web.sql("select id from tasks where title = 'Call Tia about the kit'")[0]["id"])
    html = client.get("/tasks/").get_data(as_text=True)
    assert "Overdue" in html and "Call Tia about the kit" in html
    response = client.post(f"/tasks/{task}/complete", data={"csrf_token": csrf_from(html)},
                           headers={"HX-Request": "true", "HX-Target": "my_day"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in text and "Done in the last day" in text
    assert web.sql("select status from tasks where id = %s", [task])[0]["status"] == "completed"
    timeline = client.get(f"/contacts/{contact}").get_data(as_text=True)
    assert "task done" in timeline and "Call Tia about the kit" in timeline
    response = client.post(f"/tasks/{task}/reopen", data={"csrf_token": csrf_from(html)},
                           headers={"HX-Request": "true", "HX-Target": "my_day"})
    assert web.sql("select status from tasks where id = %s", [task])[0]["status"] == "pending"


@pytest.mark.parametrize("data,message", [
    ({"title": ""}, "Say what is to be done."),
    ({"title": "x" * 201}, "cannot be longer than 200"),
    ({"title": "T", "type": "party"}, "Not a valid choice"),
    ({"title": "T", "priority": "eventually"}, "Not a valid choice"),
    ({"title": "T", "due_at": "tomorrow-ish"}, "Not a valid datetime value"),
    ({"title": "T", "contact_id": "not-a-uuid"}, "Choose one of your contacts."),
    ({"title": "T", "contact_id": "00000000-0000-0000-0000-0000000000aa"}, "Choose one of your contacts."),
    ({"title": "T", "assignee_email": "someone@example.test"}, "Only managers and admins assign tasks"),
])
def test_bad_input_on_the_task_form_changes_nothing(web, d, data, message):
    user, client, _ = d
    before = web.sql("select count(*) as n from tasks")[0]["n"]
    response = post_form(client, "/tasks/new", {"type": "call", "priority": "medium", **data})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert web.sql("select count(*) as n from tasks")[0]["n"] == before


def test_a_manager_assigns_a_task_and_sees_the_teams_day(web, d):
    user, client, _ = d
    manager = client_for(web, web.user("manager"))
    response = post_form(manager, "/tasks/new", {"title": "Review pipeline", "type": "meeting", "priority": "low",
                                                 "assignee_email": user["email"]})
    assert response.status_code == 302
    assert "Review pipeline" in client.get("/tasks/").get_data(as_text=True)
    assert "Review pipeline" in manager.get(f"/tasks/?who={user['email']}").get_data(as_text=True)
    assert "Review pipeline" in manager.get("/tasks/?who=everyone").get_data(as_text=True)
    html = manager.get("/tasks/?who=ghost@example.test").get_data(as_text=True)
    assert "No active distributor or manager has this email." in html
    response = post_form(manager, "/tasks/new", {"title": "X", "type": "call", "priority": "low",
                                                 "assignee_email": "ghost@example.test"})
    assert response.status_code == 422


def test_another_ones_task_is_not_found(web, d):
    user, client, _ = d
    other = web.user("distributor")
    task = web.sql("insert into tasks (title, type, assignee_id, created_by_id) values ('Theirs', 'call', %s, %s)"
                   " returning id", [other["id"], other["id"]])[0]["id"]
    token = csrf_from(client.get("/tasks/").get_data(as_text=True))
    assert client.get(f"/tasks/{task}/edit").status_code == 404
    assert client.post(f"/tasks/{task}/complete", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/tasks/{task}/delete", data={"csrf_token": token}).status_code == 404
    assert web.sql("select status from tasks where id = %s", [task])[0]["status"] == "pending"


def test_the_reminder_job_sends_once_to_the_outbox(web, d, tmp_path, monkeypatch):
    user, _, contact = d
    monkeypatch.setenv("MLMCRM_OUTBOX_DIR", str(tmp_path))
    monkeypatch.delenv("MLMCRM_SMTP_URL", raising=False)
    web.sql("insert into tasks (title, type, priority, assignee_id, created_by_id, contact_id, due_at)"
            " values ('Ring Tia back', 'call', 'high', %s, %s, %s, now() + interval '5 minutes')",
            [user["id"], user["id"], contact])
    with web.jobs():
        jobs.send_task_reminders.call_local()
        jobs.send_task_reminders.call_local()
    sent = [m for m in tmp_path.glob("*.eml")]
    mine = [m for m in sent if "Ring Tia back" in m.read_text()]
    assert len(mine) == 1
    message = email.message_from_bytes(mine[0].read_bytes(), policy=policy.default)
    assert message["To"] == user["email"] and message["Subject"] == "Reminder: Ring Tia back"
    assert "Contact: Tia Moss" in message.get_content()


def test_a_failed_send_is_retried_next_time(web, d, monkeypatch, tmp_path):
    user, _, _ = d
    web.sql("insert into tasks (title, type, assignee_id, created_by_id, due_at)"
            " values ('Flaky mail', 'call', %s, %s, now())", [user["id"], user["id"]])
    monkeypatch.setenv("MLMCRM_SMTP_URL", "smtp://127.0.0.1:9")  # nothing listens there
    with web.jobs():
        jobs.send_task_reminders.call_local()
    assert web.sql("select reminder_sent from tasks where title = 'Flaky mail'")[0]["reminder_sent"] is False
    monkeypatch.delenv("MLMCRM_SMTP_URL")
    monkeypatch.setenv("MLMCRM_OUTBOX_DIR", str(tmp_path))
    with web.jobs():
        jobs.send_task_reminders.call_local()
    assert web.sql("select reminder_sent from tasks where title = 'Flaky mail'")[0]["reminder_sent"] is True
    assert any("Flaky mail" in m.read_text() for m in tmp_path.glob("*.eml"))


# --- The pipeline board ------------------------------------------------------

def test_board_columns_counts_and_a_keyboard_move(web, d):
    user, client, contact = d
    html = client.get("/pipeline/").get_data(as_text=True)
    assert 'data-stage-count="new">1<' in html and 'data-stage-count="proposal">0<' in html
    response = client.post("/pipeline/move", data={"csrf_token": csrf_from(html), "contact_id": contact,
                                                   "stage": "proposal"},
                           headers={"HX-Request": "true", "HX-Target": "board"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and text.lstrip().startswith('<div id="board"')
    assert 'data-stage-count="proposal">1<' in text and 'data-stage-count="new">0<' in text
    assert "Moved from New to Proposal" in client.get(f"/contacts/{contact}").get_data(as_text=True)


@pytest.mark.parametrize("data,status,message", [
    ({"stage": "closed_lost", "reason": ""}, 422, "Say why this contact was lost."),
    ({"stage": "heaven"}, 422, "Not a valid choice"),
    ({"stage": "proposal", "reason": "x" * 501}, 422, "cannot be longer than 500"),
    ({"stage": "proposal", "contact_id": "nope"}, 400, ""),
    ({"stage": "proposal", "contact_id": "00000000-0000-0000-0000-0000000000aa"}, 404, ""),
])
def test_bad_moves(web, d, data, status, message):
    _, client, contact = d
    token = csrf_from(client.get("/pipeline/").get_data(as_text=True))
    response = client.post("/pipeline/move", data={"csrf_token": token, "contact_id": contact, **data},
                           headers={"HX-Request": "true", "HX-Target": "board"})
    assert response.status_code == status and message in response.get_data(as_text=True)
    assert web.sql("select stage from contacts where id = %s", [contact])[0]["stage"] == "new"


def test_lost_with_a_reason_without_javascript(web, d):
    _, client, contact = d
    token = csrf_from(client.get("/pipeline/").get_data(as_text=True))
    response = client.post("/pipeline/move", data={"csrf_token": token, "contact_id": contact,
                                                   "stage": "closed_lost", "reason": "No budget"})
    assert response.status_code == 302
    assert web.sql("select lost_reason from contacts where id = %s", [contact])[0]["lost_reason"] == "No budget"


def test_a_distributor_cannot_move_another_ones_card_and_managers_see_everyones_board(web, d):
    _, client, contact = d
    other = client_for(web, web.user("distributor"))
    token = csrf_from(other.get("/pipeline/").get_data(as_text=True))
    assert other.post("/pipeline/move", data={"csrf_token": token, "contact_id": contact,
                                              "stage": "proposal"}).status_code == 404
    assert "Tia Moss" not in other.get("/pipeline/").get_data(as_text=True)
    manager = client_for(web, web.user("manager"))
    assert "Tia Moss" in manager.get("/pipeline/").get_data(as_text=True)
    auditor = client_for(web, web.user("auditor"))
    html = auditor.get("/pipeline/").get_data(as_text=True)
    assert "Tia Moss" in html and "<summary>Move</summary>" not in html
