"""Import the official ESCO skills CSV (`skills_en.csv`) into the skills taxonomy.

The whole file is read and checked before anything is written, so a malformed file is refused
with one message naming the file and line and leaves the database untouched. Each skill keeps
its ESCO `conceptUri`; importing again updates skills by URI instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from portfolio.errors import UserError
from portfolio.fileio import NotRegularFile, TooLarge, read_regular
from portfolio.importers.limits import MAX_ESCO_BYTES, MAX_ESCO_ROWS, human_size
from portfolio.models import Skill, SkillSource
from portfolio.services.skill_search import quick_fold
from portfolio.text import clean_block, clean_line

COLUMNS = (
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "modifiedDate",
    "scopeNote",
    "definition",
    "inScheme",
    "description",
)
# A single ESCO cell is at most a few kilobytes; anything near this is not an ESCO file.
MAX_CELL = 131_072
CATEGORY_SKILL = "ESCO skills"
CATEGORY_KNOWLEDGE = "ESCO knowledge"
_BATCH = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    skill_type: str
    reuse_level: str
    description: str
    line: int

    @property
    def category(self) -> str:
        return CATEGORY_KNOWLEDGE if self.skill_type.strip() == "knowledge" else CATEGORY_SKILL


@dataclass(frozen=True)
class EscoImportResult:
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def _fail(path: Path, line: int | None, message: str) -> UserError:
    where = f"{path.name}, line {line}" if line else path.name
    return UserError(f"{where}: {message} Nothing was imported.")


def _split(cell: str) -> tuple[str, ...]:
    """A newline-separated ESCO list cell (inScheme values also end with a comma)."""
    out: dict[str, None] = {}
    for part in cell.replace("\r", "\n").split("\n"):
        value = clean_line(part).rstrip(",").strip()
        if value:
            out.setdefault(value, None)
    return tuple(out)


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise _fail(path, None, "the file is empty; choose the ESCO skills CSV (skills_en.csv).")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise _fail(path, line, "binary data found; this is not a CSV file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _fail(
            path, line, "the text is not UTF-8; download the CSV again from ESCO (UTF-8)."
        ) from None


def read_esco_csv(path: Path) -> list[EscoSkill]:
    """Parse and check the whole file; raise UserError (naming file and line) on any problem.

    Only a regular file is read (a FIFO or /dev/zero is refused unopened), of at most
    MAX_ESCO_BYTES and MAX_ESCO_ROWS skills (see importers/limits.py).
    """
    try:
        data = read_regular(path, MAX_ESCO_BYTES)
    except FileNotFoundError:
        raise UserError(f"{path} does not exist; check the file name.") from None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise UserError(f"{path} is a folder; choose the ESCO skills CSV file.") from None
        raise UserError(f"{path} {exc.problem}; choose the ESCO skills CSV file.") from None
    except TooLarge as exc:
        size = human_size(exc.size) if exc.size is not None else "growing"
        raise _fail(
            path, None, f"the file is {size}; the limit is {human_size(MAX_ESCO_BYTES)}."
        ) from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    text = _decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    old_limit = csv.field_size_limit(MAX_CELL)
    try:
        return _read_rows(path, reader)
    finally:
        csv.field_size_limit(old_limit)


def _read_rows(path: Path, reader: Any) -> list[EscoSkill]:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise _fail(path, 1, f"the header line cannot be read ({exc}).") from None
    if not header:
        raise _fail(path, 1, "the first line should be the ESCO column header.")
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        if len(missing) == len(COLUMNS):
            raise _fail(
                path,
                1,
                "this is not an ESCO skills CSV (its header has none of the ESCO columns such as "
                "conceptUri and preferredLabel).",
            )
        raise _fail(path, 1, f"the header lacks the ESCO column(s) {', '.join(missing)}.")
    index = {name: header.index(name) for name in COLUMNS}
    width = len(header)
    skills: dict[str, EscoSkill] = {}
    line = 1
    rows = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger" in message:
                message = f"a cell is longer than {MAX_CELL:,} characters"
            elif "unexpected end of data" in message or "EOF" in message:
                message = "a quoted cell is never closed (the file may be truncated)"
            raise _fail(path, start, f"{message}.") from None
        line = start
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        rows += 1
        if rows > MAX_ESCO_ROWS:
            raise _fail(
                path,
                line,
                f"the file has more than {MAX_ESCO_ROWS:,} rows; the limit is "
                f"{MAX_ESCO_ROWS:,} (the ESCO skills file has about 14,000).",
            )
        if len(row) != width:
            raise _fail(path, line, f"expected {width} cells but found {len(row)}.")
        uri = row[index["conceptUri"]].strip()
        label = clean_line(row[index["preferredLabel"]])
        if not uri.startswith(("http://", "https://")):
            raise _fail(path, line, "conceptUri is missing or is not a URI.")
        if not label:
            raise _fail(path, line, "preferredLabel is empty.")
        description = clean_block(row[index["description"]]) or clean_block(
            row[index["definition"]]
        )
        label_key = quick_fold(label)
        alts = tuple(a for a in _split(row[index["altLabels"]]) if quick_fold(a) != label_key)
        skills[uri] = EscoSkill(
            uri=uri,
            label=label,
            alt_labels=alts,
            hidden_labels=_split(row[index["hiddenLabels"]]),
            skill_type=row[index["skillType"]].strip(),
            reuse_level=row[index["reuseLevel"]].strip(),
            description=description,
            line=line,
        )
    if not skills:
        raise _fail(path, None, "the file has a header but no skills.")
    return list(skills.values())


def _values(item: EscoSkill) -> dict[str, Any]:
    return {
        "label": item.label,
        "label_key": quick_fold(item.label),
        "category": item.category,
        "description": item.description,
        "alt_labels": list(item.alt_labels),
        "keywords": list(item.hidden_labels),
        "uri": item.uri,
        "source": SkillSource.ESCO,
    }


def import_esco(session: Session, path: Path, progress: Progress | None = None) -> EscoImportResult:
    """Import (or refresh) ESCO skills from `path` in the caller's transaction.

    Skills are matched by URI; a custom skill typed earlier with the same label and no URI is
    adopted, keeping its links. `progress(done, total)` is called as rows are written and may
    raise (for example to cancel), which leaves nothing imported once the caller rolls back.
    """
    items = read_esco_csv(path)
    total = len(items)
    report = progress or (lambda done, total: None)
    report(0, total)
    existing: dict[str, tuple[int, str, str, str, list[str], list[str]]] = {}
    for sid, uri, label, cat, desc, alts, keys in session.execute(
        select(
            Skill.id,
            Skill.uri,
            Skill.label,
            Skill.category,
            Skill.description,
            Skill.alt_labels,
            Skill.keywords,
        ).where(Skill.uri.is_not(None))
    ):
        existing[str(uri)] = (sid, label, cat, desc, list(alts or []), list(keys or []))
    adoptable: dict[str, int] = {}
    for sid, key in session.execute(
        select(Skill.id, Skill.label_key).where(
            Skill.uri.is_(None),
            Skill.key.is_(None),
            Skill.source.in_([SkillSource.CUSTOM, SkillSource.IMPORTED]),
        )
    ):
        adoptable.setdefault(key, sid)
    added = updated = unchanged = 0
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for done, item in enumerate(items, start=1):
        values = _values(item)
        old = existing.get(item.uri)
        if old is not None:
            sid, label, cat, desc, alts, keys = old
            if (label, cat, desc, alts, keys) == (
                values["label"],
                values["category"],
                values["description"],
                values["alt_labels"],
                values["keywords"],
            ):
                unchanged += 1
            else:
                updates.append({"id": sid, **values})
                updated += 1
        elif (sid_adopt := adoptable.pop(values["label_key"], None)) is not None:
            updates.append({"id": sid_adopt, **values})
            added += 1
        else:
            inserts.append(values)
            added += 1
        if done % _BATCH == 0 or done == total:
            _flush(session, inserts, updates)
            report(done, total)
    return EscoImportResult(added=added, updated=updated, unchanged=unchanged)


def _flush(session: Session, inserts: list[dict[str, Any]], updates: list[dict[str, Any]]) -> None:
    if inserts:
        session.execute(insert(Skill), inserts)
        inserts.clear()
    if updates:
        session.execute(update(Skill), updates)
        updates.clear()


def esco_sample_row(**overrides: str) -> dict[str, str]:
    """One ESCO-shaped row with every column (benchmarks and tests generate files from it)."""
    row = {name: "" for name in COLUMNS}
    row.update(
        conceptType="KnowledgeSkillCompetence",
        skillType="skill/competence",
        reuseLevel="sector-specific",
        status="released",
        modifiedDate="2023-11-30T15:53:37.136Z",
        inScheme="http://data.europa.eu/esco/concept-scheme/skills,\n"
        "http://data.europa.eu/esco/concept-scheme/member-skills",
    )
    row.update(overrides)
    return row


def write_esco_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows in ESCO's own CSV dialect (minimal quoting, LF line ends)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=list(COLUMNS), quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
