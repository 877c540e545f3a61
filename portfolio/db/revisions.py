"""The schema revisions shipped with the app, known without loading Alembic.

Importing Alembic costs more than the rest of opening a portfolio, and a file already at the
newest revision has nothing to migrate. So the revisions are read from the migration scripts'
own `revision = "..."` / `down_revision = ...` lines; `portfolio.db.migrate` (Alembic) is
imported only when a file really needs an upgrade. A test checks this agrees with Alembic.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

_REVISION = re.compile(r"^revision\s*(?::[^=]+)?=\s*[\"'](\w+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]+)?=\s*(.+)$", re.MULTILINE)


def versions_folder() -> Path:
    from portfolio.db import migrations

    return Path(migrations.__file__).parent / "versions"


@cache
def _graph() -> tuple[frozenset[str], frozenset[str]]:
    """(every shipped revision, the revisions some other one builds on)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in versions_folder().glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = _REVISION.search(text)
        if revision is None:
            continue
        revisions.add(revision[1])
        down = _DOWN_REVISION.search(text)
        if down:
            parents.update(re.findall(r"[\"'](\w+)[\"']", down[1]))
    return frozenset(revisions), frozenset(parents)


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of the app knows."""
    return _graph()[0]


def head_revision() -> str:
    """The newest schema revision shipped with the app."""
    revisions, parents = _graph()
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the shipped migrations must have one head, not {sorted(heads)}")
    return next(iter(heads))


def file_revision(conn: sqlite3.Connection) -> str | None:
    """The revision recorded in an open portfolio file, None before the first migration."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else str(row[0])
