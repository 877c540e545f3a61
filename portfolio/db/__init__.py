"""Storage: engine and pragmas, opening and migrating a portfolio file, backups.

`Database` and `open_database` are loaded on first use, so importing a light submodule
(`portfolio.db.lock`, `portfolio.db.revisions`) does not load SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portfolio.db.engine import Database, open_database

__all__ = ["Database", "open_database"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from portfolio.db import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
