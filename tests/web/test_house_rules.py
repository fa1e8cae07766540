"""The layout's rules that a linter does not see, checked on the source."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEBAPP = ROOT / "webapp"
SQL_TEXT = re.compile(r"\b(select\b.+\bfrom\b|insert\s+into\b|update\s+\w+\s+set\b|delete\s+from\b|copy\s*\()",
                      re.I | re.S)


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")]


def strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_webapp_holds_at_most_ten_entries():
    entries = [p.name for p in WEBAPP.iterdir() if p.name != "__pycache__"]
    assert len(entries) <= 10, sorted(entries)


def test_sql_text_lives_only_in_the_data_layer():
    offenders = [f"{path.relative_to(ROOT)}: {text[:60]!r}"
                 for path in python_files("webapp/views", "webapp/web", "webapp/forms", "webapp/csvio", "jobs")
                 for text in strings(path) if SQL_TEXT.search(text)]
    assert offenders == []


def test_no_view_or_job_names_a_sqlstate():
    pattern = re.compile(r"\bML[A-Z]{3}\b|sqlstate", re.I)
    offenders = [str(p.relative_to(ROOT)) for p in python_files("webapp/views", "webapp/web", "jobs")
                 if any(pattern.search(s) for s in strings(p))
                 or re.search(r"\.sqlstate\b", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_no_role_comparisons_in_views_or_templates():
    pattern = re.compile(r"current_user\.(role\s*(==|!=|\bin\b|\bnot in\b)|is_staff|has_role)")
    files = python_files("webapp/views") + list((ROOT / "templates").rglob("*.html"))
    offenders = [str(p.relative_to(ROOT)) for p in files if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_csv_is_written_in_one_module():
    offenders = [str(p.relative_to(ROOT)) for p in python_files("webapp", "jobs")
                 if re.search(r"csv\.writer\(|csv\.DictWriter\(|format csv", p.read_text(encoding="utf-8"), re.I)
                 and p != WEBAPP / "csvio" / "writer.py"]
    assert offenders == []


def local_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and node.module:
                    found.append(node.module)
                elif isinstance(node, ast.Import):
                    found.extend(alias.name for alias in node.names)
    return found


def test_no_function_local_imports_across_the_web_jobs_boundary():
    jobs_side = [(p, m) for p in python_files("jobs") for m in local_imports(p) if m.startswith("webapp")]
    web_side = [(p, m) for p in python_files("webapp") for m in local_imports(p) if m.startswith("jobs")]
    assert jobs_side == [] and web_side == []


def test_the_capabilities_table_in_the_docs_is_the_codes():
    from webapp.web.capabilities import CAPABILITIES, ROLES

    text = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    documented = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 + len(ROLES) and cells[0].startswith("`"):
            documented[cells[0].strip("`")] = {role for role, tick in zip(ROLES, cells[2:], strict=True)
                                               if tick == "✓"}
    assert documented == {name: set(c.roles) for name, c in CAPABILITIES.items()}


def test_no_merge_conflict_markers_are_left_in_the_tree():
    marker = re.compile(r"^(<<<<<<<|>>>>>>>) ", re.M)
    files = [p for p in ROOT.rglob("*") if p.is_file() and p.suffix in {".py", ".md", ".sql", ".html", ".js",
                                                                          ".css", ".toml", ".txt"}
             and not any(part in {".venv", ".git", ".data", "node_modules"} for part in p.parts)]
    assert [str(p.relative_to(ROOT)) for p in files if marker.search(p.read_text(encoding="utf-8"))] == []
