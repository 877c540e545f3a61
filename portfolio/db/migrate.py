"""Alembic, driven from code: the migration scripts ship inside the package.

Imported only when a file needs migrating (or by tools and tests): which revision is the head is
known without Alembic, from `portfolio.db.revisions`.
"""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from portfolio.db.revisions import head_revision, known_revisions

SCRIPT_LOCATION = "portfolio.db:migrations"

# Objects that exist only in migrations, with no ORM model: the FTS5 skill search table and the
# shadow tables SQLite creates for it. Schema comparisons (tests, autogenerate) skip them.
MIGRATION_ONLY_TABLES = frozenset(
    {"skill_fts"}
    | {f"skill_fts_{part}" for part in ("data", "idx", "content", "docsize", "config")}
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic `include_name` hook: leave the migration-only tables out of comparisons."""
    return not (type_ == "table" and name in MIGRATION_ONLY_TABLES)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def alembic_head() -> str:
    """The head revision as Alembic sees it (`revisions.head_revision()` must agree)."""
    head = _script().get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def alembic_revisions() -> frozenset[str]:
    """Every revision as Alembic sees it (`revisions.known_revisions()` must agree)."""
    return frozenset(rev.revision for rev in _script().walk_revisions())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration in one transaction."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


__all__ = [
    "MIGRATION_ONLY_TABLES",
    "alembic_head",
    "alembic_revisions",
    "current_revision",
    "head_revision",
    "include_name",
    "known_revisions",
    "upgrade_to_head",
]
