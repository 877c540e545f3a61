"""The portable file's values checked against the models' columns before anything is written.

A portfolio file is read back into the database row by row (services.portfolio_transfer); here
every value must be one its column can hold, so no malformed file reaches SQLite: text that is
text and not too long, whole numbers within SQLite's range, finite numbers, booleans, dates that
parse, enum values that exist, web addresses, list shapes. The columns are the models' own, so a
new column is checked the day it is added.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, String

from portfolio.models.base import PartialDateType
from portfolio.services.portfolio_transfer import DERIVED_KEYS, MODELS, _columns, _decode


class DocumentProblem(ValueError):
    """A value of a portfolio document that the database cannot or must not hold."""

    def __init__(self, table: str, row: int, column: str, problem: str) -> None:
        self.table, self.row, self.column, self.problem = table, row, column, problem
        super().__init__(f"table “{table}”, row {row}: “{column}” {problem}")


# Beyond SQLite's 64-bit integers, and far beyond any credit, duration or position.
MAX_INT = 2**63 - 1
MAX_NUMBER = 1e9
MAX_TEXT_CHARS = 1_000_000
MAX_LIST_ITEMS = 10_000
# Columns holding a web address (or a list of them): checked like the forms check them.
URL_COLUMNS = frozenset({"url", "website", "verification_url"})
# JSON columns and the shape of their values (the default: a list of strings).
JSON_SHAPES = {"links": "links", "options": "object", "focus_skill_ids": "ids"}


def check_document(doc: Mapping[str, Any]) -> None:
    """Check every value of every row against its column, before anything is written.

    The document's tables, rows and ids are already known to be well formed (the importer checks
    them); here each value must be one the column can hold: text that is text and not too long,
    numbers that are finite and in range, dates that parse, enum values that exist, web addresses
    that are web addresses. Raises DocumentProblem naming the table and column.
    """
    tables = doc.get("tables", {})
    for table_name, rows in tables.items():
        model = MODELS.get(table_name)
        if model is None:
            continue
        columns = {column.key: column for column in _columns(model)}
        required = [
            key
            for key, column in columns.items()
            if not column.nullable
            and column.default is None
            and key not in DERIVED_KEYS
            and not (column.primary_key and not column.foreign_keys)  # a row's own id
        ]
        for number, row in enumerate(rows, start=1):
            for key in required:
                if row.get(key) is None:
                    raise DocumentProblem(table_name, number, key, "is missing")
            for key, value in row.items():
                column = columns.get(key)
                if column is not None and key not in DERIVED_KEYS:
                    _check_value(table_name, number, column, value)
    _check_skill_counts(tables.get("credential_skill") or [])


def _check_skill_counts(links: Sequence[Mapping[str, Any]]) -> None:
    """At most MAX_SKILLS skills on one credential, as the forms and other importers allow."""
    from portfolio.services.validation import MAX_SKILLS

    counts: dict[Any, int] = {}
    for number, row in enumerate(links, start=1):
        owner = row.get("credential_id")
        counts[owner] = counts.get(owner, 0) + 1
        if counts[owner] > MAX_SKILLS:
            raise DocumentProblem(
                "credential_skill",
                number,
                "credential_id",
                f"links more than {MAX_SKILLS:,} skills to one credential; the limit is "
                f"{MAX_SKILLS:,}",
            )


def _check_value(table: str, row: int, column: Any, value: Any) -> None:
    def fail(problem: str) -> None:
        raise DocumentProblem(table, row, column.key, problem)

    if value is None:
        if not column.nullable and column.foreign_keys:
            fail("is missing")
        return
    kind = column.type
    if column.foreign_keys or column.primary_key or isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            fail("is not a whole number")
        if not -MAX_INT <= value <= MAX_INT:
            fail("is out of range")
    elif isinstance(kind, Boolean):
        if not isinstance(value, bool):
            fail("is not true or false")
    elif isinstance(kind, Float | Numeric):
        if isinstance(value, bool) or not isinstance(value, int | float):
            fail("is not a number")
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            fail("is out of range")
        if not math.isfinite(float(value)) or abs(float(value)) > MAX_NUMBER:
            fail("is out of range")
    elif isinstance(kind, JSON):
        _check_json(fail, column.key, value)
    elif isinstance(kind, PartialDateType | LargeBinary | DateTime | Date | String):
        if not isinstance(value, str):
            fail("is not text")
        if len(value) > MAX_TEXT_CHARS:
            fail(f"is too long ({len(value):,} characters)")
        if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            fail("holds characters that are not text")
        try:
            _decode(column, value)
        except (ValueError, TypeError):
            fail("is not valid")
        limit = getattr(kind, "length", None)
        if isinstance(kind, String) and limit and len(value) > limit:
            fail(f"is too long ({len(value):,} characters; the limit is {limit:,})")
        if not column.nullable and column.default is None and not value.strip():
            fail("is empty")
        if column.key in URL_COLUMNS:
            _check_url(fail, value)
        enum_class = getattr(kind, "enum_class", None)
        if enum_class is not None and value not in {m.value for m in enum_class}:
            fail("is not one of the known values")


def _check_json(fail: Callable[[str], None], key: str, value: Any) -> None:
    shape = JSON_SHAPES.get(key, "strings")
    if shape == "object":
        if not isinstance(value, dict):
            fail("is not an object")
        return
    if not isinstance(value, list):
        fail("is not a list")
    if len(value) > MAX_LIST_ITEMS:
        fail(f"has too many items ({len(value):,})")
    for item in value:
        if shape == "ids":
            if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= MAX_INT:
                fail("holds an item that is not a row number")
        elif shape == "links":
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k, ""), str) for k in ("label", "url")
            ):
                fail("holds a link that is not a label and an address")
            _check_url(fail, item.get("url", ""))
        elif not isinstance(item, str) or len(item) > MAX_TEXT_CHARS:
            fail("holds an item that is not text")
        elif key == "evidence_links":
            _check_url(fail, item)


def _check_url(fail: Callable[[str], None], value: str) -> None:
    from portfolio.services.validation import url_problem

    problem = url_problem("url", "it", value)
    if problem is not None:
        too_long = problem.message.startswith("it is too long")
        fail(problem.message.removeprefix("it ") if too_long else "is not a valid web address")
