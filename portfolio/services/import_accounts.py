"""Every record an import read is accounted for: imported, merged, skipped with a reason, or the
whole file refused. The preview (window and CLI) says the counts for each file that is a list of
records (a CSV, a LinkedIn export), so a row that went missing cannot go unsaid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle

RECORD_KINDS = ("credential", "experience", "skill", "language")
SHOWN_REASONS = 5


class _Item(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def action(self) -> str: ...


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def account_notes(bundles: Sequence[ImportBundle], items: Sequence[_Item]) -> list[str]:
    """One sentence per file that holds records: how many were read and what becomes of each.

    Refuses the file (ImportFailed) if its records and its outcomes do not add up: an importer
    that dropped a row silently is a bug, and importing the rest would hide it.
    """
    notes = []
    by_source: dict[str, list[ImportBundle]] = {}
    for bundle in bundles:
        if bundle.records is not None:
            by_source.setdefault(bundle.source, []).append(bundle)
    for source, group in by_source.items():
        records = sum(b.records or 0 for b in group)
        reasons = [reason for b in group for reason in b.skipped]
        mine = [i for i in items if i.source == source and i.kind in RECORD_KINDS]
        new = sum(1 for i in mine if i.action == "new")
        merged = sum(1 for i in mine if i.action == "merge")
        duplicates = sum(1 for i in mine if i.action == "skip")
        if new + merged + duplicates + len(reasons) != records:
            raise ImportFailed(
                source,
                f"{plural(records, *_unit(group[0]))} were read but only "
                f"{new + merged + duplicates + len(reasons):,} could be accounted for; nothing "
                "was imported (please report this)",
            )
        parts = [f"{new:,} to import"]
        if merged:
            parts.append(f"{merged:,} to merge into what is there")
        if duplicates:
            parts.append(f"{plural(duplicates, 'duplicate')} skipped")
        if reasons:
            shown = "; ".join(reasons[:SHOWN_REASONS])
            more = len(reasons) - SHOWN_REASONS
            shown += f"; and {more:,} more" if more > 0 else ""
            parts.append(f"{len(reasons):,} skipped ({shown})")
        notes.append(f"{source}: read {plural(records, *_unit(group[0]))}: " + ", ".join(parts))
    return notes


def _unit(bundle: ImportBundle) -> tuple[str, str]:
    """What one record of the file is called: a row of a table, an entry of a JSON Resume."""
    return ("entry", "entries") if bundle.format == "jsonresume" else ("row", "rows")
