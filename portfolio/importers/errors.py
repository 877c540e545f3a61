"""The one error type an importer raises: a UserError naming the file and what is wrong."""

from __future__ import annotations

from portfolio.errors import UserError


class ImportFailed(UserError):
    """A file could not be imported; `str(err)` names the file and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")
