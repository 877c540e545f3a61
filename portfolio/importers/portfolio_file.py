"""The portable portfolio file (.lpportfolio): versioned JSON holding one learner's record.

Written by portfolio.export.portfolio_export; loaded by services.portfolio_transfer. Here the
document is checked for shape and version before anything touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle
from portfolio.services.portfolio_check import DocumentProblem, check_document
from portfolio.services.portfolio_transfer import FORMAT, TABLES, VERSION

EXTENSION = ".lpportfolio"


def looks_like(doc: Any) -> bool:
    return isinstance(doc, Mapping) and doc.get("format") == FORMAT


def parse_portfolio(doc: Any, source: str) -> ImportBundle:
    """Check a parsed portfolio document and wrap it in a bundle."""
    if not looks_like(doc):
        raise ImportFailed(source, "is not a Learner Portfolio file")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFailed(source, "has no valid version number")
    if version > VERSION:
        raise ImportFailed(
            source,
            f"was written by a newer Learner Portfolio (file version {version}); update the app",
        )
    tables = doc.get("tables")
    if not isinstance(tables, Mapping):
        raise ImportFailed(source, "holds no tables")
    for name, rows in tables.items():
        if name not in TABLES:
            raise ImportFailed(source, f"holds an unknown table “{str(name)[:40]}”")
        if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
            raise ImportFailed(source, f"table “{name}” is not a list of rows")
        for row in rows:
            if "id" in row and (not isinstance(row["id"], int) or isinstance(row["id"], bool)):
                raise ImportFailed(source, f"a row of “{name}” has an invalid id")
    try:
        check_document(doc)
    except DocumentProblem as exc:
        raise ImportFailed(source, str(exc)) from None
    learners = tables.get("learner", [])
    if len(learners) != 1 or not str(learners[0].get("name", "")).strip():
        raise ImportFailed(source, "must hold exactly one learner with a name")
    return ImportBundle(
        source=source,
        format="portfolio",
        notes=(),
        portfolio=dict(doc),
    )


def summary(doc: Mapping[str, Any]) -> dict[str, int]:
    """How many rows of each kind the document holds (for the preview)."""
    tables = doc.get("tables", {})
    return {name: len(rows) for name, rows in tables.items() if rows}
