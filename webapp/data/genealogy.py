"""SQL for the genealogy pages (/genealogy) and the admin's move of a subtree.

Every function here is one call of an `api.genealogy_*` / `api.distributor_move*`
function; those apply the contract's visibility (a distributor: itself, its
downline, its sponsor's name), so nothing here decides who sees what.
"""
from __future__ import annotations

import logging
import time

from webapp.platform.db import query, query_one

log = logging.getLogger(__name__)
_warned_at = 0.0

PAGE = 50          # recruits per "show more"
SEARCH_LIMIT = 20  # results shown for a search


def node(distributor_id: str | None) -> dict | None:
    """One person's card as the caller may see it (None: not the caller's to see)."""
    return query_one("select * from api.genealogy_node(p_id => %(id)s)", {"id": distributor_id})


def frontline(parent_id: str | None, after: str | None = None, limit: int = PAGE) -> list[dict]:
    """Recruits of `parent_id` in number order after `after`; asks one more than `limit`."""
    return query("select * from api.genealogy_frontline(p_parent => %(id)s, p_after => %(after)s,"
                 " p_limit => %(limit)s)", {"id": parent_id, "after": after, "limit": limit + 1})


def roots(after: str | None = None, limit: int = PAGE) -> list[dict]:
    """The tops of the tree (staff); asks one more than `limit`."""
    return query("select * from api.genealogy_roots(p_after => %(after)s, p_limit => %(limit)s)",
                 {"after": after, "limit": limit + 1})


def upline(distributor_id: str | None) -> list[dict]:
    return query("select * from api.genealogy_upline(p_id => %(id)s)", {"id": distributor_id})


def search(q: str, root_id: str | None, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Downline search (the whole company for staff without a root); asks one more than `limit`."""
    return query("select * from api.genealogy_search(p_query => %(q)s, p_root => %(root)s, p_limit => %(limit)s)",
                 {"q": q, "root": root_id, "limit": limit + 1})


def levels(root_id: str) -> list[dict]:
    return query("select * from api.genealogy_levels(p_root => %(id)s)", {"id": root_id})


def legs(root_id: str, limit: int = PAGE, offset: int = 0) -> list[dict]:
    return query("select * from api.genealogy_legs(p_root => %(id)s, p_limit => %(limit)s, p_offset => %(offset)s)",
                 {"id": root_id, "limit": limit + 1, "offset": offset})


def picture(root_id: str, levels_down: int, width: int) -> list[dict]:
    return query("select * from api.genealogy_picture(p_root => %(id)s, p_levels => %(levels)s, p_width => %(width)s)",
                 {"id": root_id, "levels": levels_down, "width": width})


def health() -> dict | None:
    return query_one("select * from api.genealogy_health()")


def health_warning() -> dict | None:
    """The closure table's figures when they exceed the warning ratio (None when fine),
    also written to the log, at most once an hour per process."""
    global _warned_at
    row = health()
    if not row or not row["warn"]:
        return None
    if time.monotonic() - _warned_at > 3600:
        _warned_at = time.monotonic()
        log.warning("genealogy_paths holds %s rows for %s distributors (%s a person, warning above %s):"
                    " look for runaway sponsor chains", row["paths"], row["distributors"], row["ratio"],
                    row["warn_ratio"])
    return row


def move_preview(number: str, new_sponsor_number: str) -> dict:
    """What the move would do; refused (InvalidInput, Cycle: field named) when it cannot be done."""
    return query_one("select * from api.distributor_move_preview(p_distributor_number => %(number)s,"
                     " p_new_sponsor_number => %(sponsor)s)", {"number": number, "sponsor": new_sponsor_number})


def move(distributor_id: str, new_sponsor_id: str, reason: str, expected: int) -> int:
    """Move the subtree; returns how many people moved."""
    row = query_one("select api.distributor_move(p_distributor => %(id)s, p_new_sponsor => %(sponsor)s,"
                    " p_reason => %(reason)s, p_expected => %(expected)s) as moved",
                    {"id": distributor_id, "sponsor": new_sponsor_id, "reason": reason, "expected": expected})
    return row["moved"]

