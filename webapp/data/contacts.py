"""SQL for the contacts list and page, activities, conversions, saved
filters and lead-score rules (/contacts)."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from psycopg.types.json import Jsonb

from webapp.platform.db import connection, query, query_one

# The list's filters, as api.contact_search / api.contact_count take them.
_FILTER_SQL = ("p_query => %(query)s, p_owner_id => %(owner_id)s, p_tag => %(tag)s,"
               " p_follow_up => %(follow_up)s, p_status => %(status)s, p_stage => %(stage)s,"
               " p_source => %(source)s")


def search(filters: dict, sort: str = "updated", limit: int = 50, offset: int = 0) -> list[dict]:
    return query(f"select * from api.contact_search({_FILTER_SQL}, p_sort => %(sort)s,"
                 " p_limit => %(limit)s, p_offset => %(offset)s)",
                 {**filters, "sort": sort, "limit": limit, "offset": offset})


def count(filters: dict, cap: int = 1000) -> dict:
    """{"total": n, "exact": bool}: exact up to `cap`, else a lower bound."""
    return query_one(f"select * from api.contact_count({_FILTER_SQL}, p_cap => %(cap)s)", {**filters, "cap": cap})


@contextlib.contextmanager
def export_rows(filters: dict, sort: str, limit: int) -> Iterator[Iterator[dict]]:
    """The list's contacts for an export, streamed from a server-side cursor
    in the request's transaction (a big export never sits in memory whole)."""
    conn = connection()
    with conn.transaction(), conn.cursor(name="contact_export") as cur:
        cur.itersize = 2000
        cur.execute(f"select * from api.contact_search({_FILTER_SQL}, p_sort => %(sort)s,"
                    " p_limit => %(limit)s)", {**filters, "sort": sort, "limit": limit})
        yield iter(cur)


def get(contact_id: str) -> dict | None:
    return query_one("select * from api.contact_get(p_id => %(id)s)", {"id": contact_id})


def save(contact_id: str | None, values: dict) -> str:
    row = query_one(
        "select api.contact_save(p_id => %(id)s, p_owner_id => %(owner_id)s, p_first_name => %(first_name)s,"
        " p_last_name => %(last_name)s, p_email => %(email)s, p_phone => %(phone)s, p_company => %(company)s,"
        " p_title => %(title)s, p_source => %(source)s, p_status => %(status)s, p_tags => %(tags)s,"
        " p_notes => %(notes)s, p_next_follow_up => %(next_follow_up)s) as id",
        {"id": contact_id, **values})
    return str(row["id"])


def set_field(contact_id: str, field: str, value: str) -> None:
    query("select api.contact_set_field(p_id => %(id)s, p_field => %(field)s, p_value => %(value)s)",
          {"id": contact_id, "field": field, "value": value})


def delete(contact_id: str) -> bool:
    return query_one("select api.contact_delete(p_id => %(id)s) as ok", {"id": contact_id})["ok"]


def bulk(ids: list[str], action: str, value: str | None, reason: str | None) -> int:
    return query_one("select api.contact_bulk(p_ids => %(ids)s::uuid[], p_action => %(action)s,"
                     " p_value => %(value)s, p_reason => %(reason)s) as n",
                     {"ids": ids, "action": action, "value": value, "reason": reason})["n"]


def move(ids: list[str], stage: str, reason: str | None) -> int:
    return query_one("select api.contact_move(p_ids => %(ids)s::uuid[], p_stage => %(stage)s,"
                     " p_reason => %(reason)s) as n", {"ids": ids, "stage": stage, "reason": reason})["n"]


def timeline(contact_id: str, limit: int = 50, before=None) -> list[dict]:
    return query("select * from api.contact_timeline(p_contact_id => %(id)s, p_limit => %(limit)s,"
                 " p_before => %(before)s)", {"id": contact_id, "limit": limit, "before": before})


def add_activity(contact_id: str, type_: str, subject: str | None, body: str | None, occurred_at=None) -> str:
    return str(query_one(
        "select api.activity_add(p_contact_id => %(id)s, p_type => %(type)s, p_subject => %(subject)s,"
        " p_body => %(body)s, p_occurred_at => %(at)s) as id",
        {"id": contact_id, "type": type_, "subject": subject, "body": body, "at": occurred_at})["id"])


def delete_activity(activity_id: str) -> str | None:
    row = query_one("select api.activity_delete(p_id => %(id)s) as contact_id", {"id": activity_id})
    return str(row["contact_id"]) if row and row["contact_id"] else None


def score(contact_id: str) -> list[dict]:
    return query("select * from api.contact_score(p_contact_id => %(id)s)", {"id": contact_id})


def convert_customer(contact_id: str) -> str:
    return str(query_one("select api.contact_convert_customer(p_contact_id => %(id)s) as id",
                         {"id": contact_id})["id"])


def enroll_distributor(contact_id: str, token_hash: str) -> str:
    return str(query_one("select api.contact_enroll_distributor(p_contact_id => %(id)s,"
                         " p_token_hash => %(hash)s) as id", {"id": contact_id, "hash": token_hash})["id"])


def invitation(contact_id: str) -> dict | None:
    return query_one("select * from api.contact_invitation(p_contact_id => %(id)s)", {"id": contact_id})


def renew_invitation(contact_id: str, token_hash: str):
    return query_one("select api.contact_invitation_renew(p_contact_id => %(id)s, p_token_hash => %(hash)s)"
                     " as expires_at", {"id": contact_id, "hash": token_hash})["expires_at"]


def saved_filters() -> list[dict]:
    return query("select * from api.saved_filter_list()")


def save_filter(name: str, params: dict) -> str:
    return str(query_one("select api.saved_filter_save(p_name => %(name)s, p_params => %(params)s) as id",
                         {"name": name, "params": Jsonb(params)})["id"])


def delete_filter(filter_id: str) -> bool:
    return query_one("select api.saved_filter_delete(p_id => %(id)s) as ok", {"id": filter_id})["ok"]


def people(q: str, limit: int = 20) -> list[dict]:
    return query("select * from api.crm_people(p_query => %(q)s, p_limit => %(limit)s)", {"q": q, "limit": limit})


def person_by_email(email: str) -> str | None:
    row = query_one("select api.crm_person_by_email(p_email => %(email)s) as id", {"email": email})
    return str(row["id"]) if row and row["id"] else None


def lead_rules() -> list[dict]:
    return query("select * from api.lead_rule_list()")


def save_lead_rule(rule_id: str | None, values: dict) -> str:
    return str(query_one(
        "select api.lead_rule_save(p_id => %(id)s, p_kind => %(kind)s, p_match => %(match)s,"
        " p_label => %(label)s, p_points => %(points)s, p_max_points => %(max_points)s,"
        " p_is_active => %(is_active)s) as id", {"id": rule_id, **values})["id"])


def delete_lead_rule(rule_id: str) -> bool:
    return query_one("select api.lead_rule_delete(p_id => %(id)s) as ok", {"id": rule_id})["ok"]


def refresh_lead_scores(everything: bool) -> int:
    return query_one("select api.lead_scores_refresh(p_all => %(all)s) as n", {"all": everything})["n"]
