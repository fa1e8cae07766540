"""SQL for CSV imports of contacts (/contacts/imports) and the import job."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from webapp.platform.db import query, query_one


def create(file_name: str, encoding: str, delimiter: str, header: list[str], lines: list[int],
           rows: list[list[str]], owner_id: str | None) -> str:
    return str(query_one(
        "select api.contact_import_create(p_file_name => %(name)s, p_encoding => %(encoding)s,"
        " p_delimiter => %(delimiter)s, p_header => %(header)s, p_lines => %(lines)s,"
        " p_cells => %(cells)s, p_owner_id => %(owner)s) as id",
        {"name": file_name, "encoding": encoding, "delimiter": delimiter, "header": header,
         "lines": lines, "cells": Jsonb(rows), "owner": owner_id})["id"])


def get(import_id: str) -> dict | None:
    return query_one("select * from api.contact_import_get(p_id => %(id)s)", {"id": import_id})


def listing(limit: int = 50) -> list[dict]:
    return query("select * from api.contact_import_list(p_limit => %(limit)s)", {"limit": limit})


def guess_mapping(header: list[str]) -> dict:
    return query_one("select api.contact_import_mapping_guess(p_header => %(header)s) as m",
                     {"header": header})["m"]


def preview(import_id: str, mapping: dict, add_tags: list[str], limit: int = 5) -> list[dict]:
    return query("select * from api.contact_import_preview(p_id => %(id)s, p_mapping => %(mapping)s,"
                 " p_limit => %(limit)s, p_add_tags => %(tags)s)",
                 {"id": import_id, "mapping": Jsonb(mapping), "limit": limit, "tags": add_tags})


def start(import_id: str, mapping: dict, dedupe: str, default_source: str, add_tags: list[str]) -> None:
    query("select api.contact_import_start(p_id => %(id)s, p_mapping => %(mapping)s, p_dedupe => %(dedupe)s,"
          " p_default_source => %(source)s, p_add_tags => %(tags)s)",
          {"id": import_id, "mapping": Jsonb(mapping), "dedupe": dedupe, "source": default_source,
           "tags": add_tags})


def step(import_id: str, batch: int = 5000) -> dict:
    return query_one("select * from api.contact_import_step(p_id => %(id)s, p_batch => %(batch)s)",
                     {"id": import_id, "batch": batch})


def fail(import_id: str, message: str) -> None:
    query("select api.contact_import_fail(p_id => %(id)s, p_message => %(message)s)",
          {"id": import_id, "message": message})


def cancel(import_id: str) -> bool:
    return query_one("select api.contact_import_cancel(p_id => %(id)s) as ok", {"id": import_id})["ok"]


def report(import_id: str) -> list[dict]:
    return query("select * from api.contact_import_report(p_id => %(id)s)", {"id": import_id})


def purge() -> int:
    return query_one("select api.contact_imports_purge() as n")["n"]
