"""Error types.

`UserError` is something a person caused and can fix: it carries one sentence that says what went
wrong and what to do, naming the file or field. Anything else escaping to the top is a bug: it is
logged with a traceback and the user sees a short apology with the log path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PortfolioError(Exception):
    """Base class of every error this application raises on purpose."""


class UserError(PortfolioError):
    """A problem the user can understand and act on; `str(err)` is the message to show."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field of a form or record.

    `blocking` problems prevent saving; the others are flags kept with the record (for example an
    expiry before the issue date found in an imported badge).
    """

    field: str
    message: str
    blocking: bool = True


class ValidationError(UserError):
    """A record failed validation; `problems` lists each field with its message."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        first = problems[0].message if problems else "invalid input"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(first + more)


class NotFound(UserError):
    """A learner, credential, role... named by the user does not exist."""


class DatabaseRefused(UserError):
    """The database file cannot be opened as a portfolio; the file was not modified.

    `reason` is one of: "empty", "not-sqlite", "foreign", "newer", "damaged", "locked",
    "interrupted", "unreadable". `newest_backup` is the newest good backup, when one was found.
    """

    def __init__(self, message: str, reason: str, newest_backup: Path | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.newest_backup = newest_backup


class StorageFull(UserError):
    """The disk or the database is full; nothing was written."""
