"""Error types.

`UserError` is something a person caused and can fix: it carries one sentence that says what went
wrong and what to do, naming the file or field. Anything else escaping to the top is a bug: it is
logged with a traceback and the user sees a short apology with the log path.
"""

from __future__ import annotations

import errno
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


# OS errors that are the environment's doing (a read-only disk, a full one, a folder the user may
# not write to), not a bug: shown to the user in one line naming the path.
_ENVIRONMENT_ERRNOS = {
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission is denied",
    errno.EPERM: "permission is denied",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


def environment_error(exc: BaseException) -> UserError | None:
    """A UserError for an OSError caused by the environment (EROFS, EACCES, ENOSPC...), naming
    the path it concerned; None for anything else (a bug, to be logged as one)."""
    if isinstance(exc, UserError) or not isinstance(exc, OSError):
        return None
    why = _ENVIRONMENT_ERRNOS.get(exc.errno or 0)
    if why is None:
        return None
    where = f" {exc.filename}" if exc.filename else ""
    cls = StorageFull if exc.errno in (errno.ENOSPC, errno.EDQUOT) else UserError
    return cls(f"Cannot write{where}: {why}. Nothing was changed.")
