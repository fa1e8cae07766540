"""The app's capability table (webapp/web/capabilities.py) held against the
database's own matrix, so the two cannot drift.

Each capability names its evidence in the matrix of test_rls_matrix.py,
which that module proves against the real policies and functions:
- "case:<name>": the roles allowed by that write case;
- "sees:<table>": the roles that see any of the world's rows of the table;
- "sees_all:<table>": the roles that see all of them.
A capability without evidence must say why (it picks a page, not rows).
"""
from __future__ import annotations

import pytest
from test_rls_matrix import ALL, CASES, ROLES, VISIBLE

from webapp.web import capabilities
from webapp.web.capabilities import CAPABILITIES

CASES_BY_NAME = {case.name: case for case in CASES}


def evidence_roles(matrix: str) -> set[str]:
    kind, _, name = matrix.partition(":")
    if kind == "case":
        return set(CASES_BY_NAME[name].allowed)
    seen = VISIBLE[name]
    if kind == "sees":
        return {role for role in ROLES if seen[role] == ALL or seen[role]}
    if kind == "sees_all":
        return {role for role in ROLES if seen[role] == ALL}
    raise ValueError(f"unknown evidence {matrix!r}")


@pytest.mark.parametrize("name", sorted(n for n, c in CAPABILITIES.items() if c.matrix))
def test_a_capability_has_exactly_the_roles_the_database_allows(name):
    capability = CAPABILITIES[name]
    assert set(capability.roles) == evidence_roles(capability.matrix), capability.matrix


def test_every_evidence_names_a_real_case_or_table():
    for capability in CAPABILITIES.values():
        if capability.matrix:
            kind, _, target = capability.matrix.partition(":")
            assert target in (CASES_BY_NAME if kind == "case" else VISIBLE), capability.name


def test_a_capability_without_evidence_says_why():
    for capability in CAPABILITIES.values():
        assert capability.matrix or len(capability.why) > 20, capability.name


def test_roles_are_the_databases_roles(db):
    values = db.execute("select unnest(enum_range(null::user_role))::text as r").fetchall()
    assert {row["r"] for row in values} == set(capabilities.ROLES)
    for capability in CAPABILITIES.values():
        assert set(capability.roles) <= set(capabilities.ROLES), capability.name


def test_unknown_capabilities_are_refused_at_import_time():
    from webapp.web.security import requires

    with pytest.raises(KeyError):
        requires("orders.refnud")
    with pytest.raises(KeyError):
        capabilities.allowed("admin", "no.such")
