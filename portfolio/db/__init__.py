"""Storage: engine and pragmas, opening and migrating a portfolio file, backups."""

from portfolio.db.engine import Database, open_database

__all__ = ["Database", "open_database"]
