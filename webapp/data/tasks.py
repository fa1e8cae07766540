"""SQL for tasks: "my day", the task form, completion, reminders (/tasks)."""
from __future__ import annotations

from webapp.platform.db import query, query_one


def listing(assignee_id: str | None = None, everyone: bool = False, contact_id: str | None = None,
            include_done: bool = True) -> list[dict]:
    return query("select * from api.task_list(p_assignee_id => %(assignee)s, p_everyone => %(everyone)s,"
                 " p_contact_id => %(contact)s, p_include_done => %(done)s)",
                 {"assignee": assignee_id, "everyone": everyone, "contact": contact_id, "done": include_done})


def get(task_id: str) -> dict | None:
    return query_one("select * from api.task_get(p_id => %(id)s)", {"id": task_id})


def save(task_id: str | None, values: dict) -> str:
    return str(query_one(
        "select api.task_save(p_id => %(id)s, p_title => %(title)s, p_type => %(type)s,"
        " p_priority => %(priority)s, p_due_at => %(due_at)s, p_contact_id => %(contact_id)s,"
        " p_description => %(description)s, p_assignee_id => %(assignee_id)s) as id",
        {"id": task_id, **values})["id"])


def complete(task_id: str) -> str | None:
    row = query_one("select api.task_complete(p_id => %(id)s) as id", {"id": task_id})
    return str(row["id"]) if row["id"] else None


def reopen(task_id: str) -> str | None:
    row = query_one("select api.task_reopen(p_id => %(id)s) as id", {"id": task_id})
    return str(row["id"]) if row["id"] else None


def delete(task_id: str) -> bool:
    return query_one("select api.task_delete(p_id => %(id)s) as ok", {"id": task_id})["ok"]


def claim_reminders(lead_minutes: int = 15, limit: int = 200) -> list[dict]:
    return query("select * from api.task_reminders_claim(p_lead => make_interval(mins => %(lead)s),"
                 " p_limit => %(limit)s)", {"lead": lead_minutes, "limit": limit})


def release_reminders(task_ids: list[str]) -> int:
    return query_one("select api.task_reminders_release(p_task_ids => %(ids)s::uuid[]) as n",
                     {"ids": task_ids})["n"]
