"""Full-text search over skill labels, alternative labels and keywords (SQLite FTS5).

`skill_fts` holds one row per skill (rowid = skill.id), folded for accents by the unicode61
tokenizer and indexed for 2- and 3-character prefixes; triggers keep it in step with `skill`, so
every writer (taxonomy load, ESCO import, a custom skill typed in the editor) is covered.
The table exists only in migrations: see `portfolio.db.migrate.MIGRATION_ONLY_TABLES`.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FIELDS = (
    "new.label, "
    "(SELECT group_concat(value, ' ; ') FROM json_each(new.alt_labels)), "
    "(SELECT group_concat(value, ' ; ') FROM json_each(new.keywords))"
)


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE skill_fts USING fts5("
        "label, alt_labels, keywords, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    # bm25 weights: a word in the label counts most, then alternative labels, then keywords.
    op.execute("INSERT INTO skill_fts (skill_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')")
    op.execute(
        "INSERT INTO skill_fts (rowid, label, alt_labels, keywords) "
        "SELECT id, label, "
        "(SELECT group_concat(value, ' ; ') FROM json_each(skill.alt_labels)), "
        "(SELECT group_concat(value, ' ; ') FROM json_each(skill.keywords)) FROM skill"
    )
    op.execute(
        "CREATE TRIGGER skill_fts_insert AFTER INSERT ON skill BEGIN "
        f"INSERT INTO skill_fts (rowid, label, alt_labels, keywords) VALUES (new.id, {_FIELDS}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER skill_fts_update AFTER UPDATE OF label, alt_labels, keywords ON skill "
        "BEGIN "
        "DELETE FROM skill_fts WHERE rowid = old.id; "
        f"INSERT INTO skill_fts (rowid, label, alt_labels, keywords) VALUES (new.id, {_FIELDS}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER skill_fts_delete AFTER DELETE ON skill BEGIN "
        "DELETE FROM skill_fts WHERE rowid = old.id; "
        "END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS skill_fts_delete")
    op.execute("DROP TRIGGER IF EXISTS skill_fts_update")
    op.execute("DROP TRIGGER IF EXISTS skill_fts_insert")
    op.execute("DROP TABLE IF EXISTS skill_fts")
