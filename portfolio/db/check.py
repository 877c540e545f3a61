"""`portfolio check`: a full, read-only health report of a portfolio file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.db.open import connect_readonly, inspect_file
from portfolio.errors import DatabaseRefused


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    revision: str | None = None
    learners: int = 0
    credentials: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: Path) -> CheckReport:
    """Run every check without writing to the file; problems are listed, never raised."""
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(f"{path} does not exist")
        return report
    try:
        report.revision = inspect_file(path).revision
    except DatabaseRefused as exc:
        report.problems.append(str(exc))
        return report
    try:
        conn = connect_readonly(path)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                report.problems.extend(f"integrity: {row}" for row in rows[:20])
            if report.revision is not None:
                report.learners = conn.execute("SELECT count(*) FROM learner").fetchone()[0]
                report.credentials = conn.execute("SELECT count(*) FROM credential").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        report.problems.append(f"SQLite reported an error while checking: {exc}")
    return report
