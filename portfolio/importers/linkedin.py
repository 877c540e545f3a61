"""LinkedIn "Get a copy of your data" export: the ZIP, or the folder inside it.

Certifications.csv (Name, Url, Authority, Started On, Finished On, License Number),
Education.csv, Positions.csv, Skills.csv, Profile.csv and Languages.csv are read; other files are
skipped with a note. In Certifications.csv "Started On" is the issue date and "Finished On" the
expiry. The ZIP is read in memory (nothing is extracted) with limits on size, member count and
compression ratio, and member names that try to leave the archive are refused.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from portfolio.dates import PartialDate
from portfolio.enums import CredentialKind, ExperienceKind, OrgKind
from portfolio.importers.errors import ImportFailed
from portfolio.importers.limits import MAX_FILE_BYTES, read_limited
from portfolio.importers.model import ImportBundle, ImportedCredential, ImportedSkill
from portfolio.importers.tabular import decode_text, read_table
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LanguageEntry,
    LearnerInput,
)
from portfolio.services.validation import url_problem

KNOWN = (
    "certifications.csv",
    "education.csv",
    "positions.csv",
    "skills.csv",
    "profile.csv",
    "languages.csv",
)
MAX_MEMBERS = 2_000
MAX_TOTAL = 100 * 1024 * 1024
MAX_RATIO = 100
# What a damaged archive can raise while it is opened or read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    OSError,
    RuntimeError,
    NotImplementedError,
    struct.error,
)


def has_linkedin_files(names: list[str]) -> bool:
    return any(PurePosixPath(n).name.casefold() in KNOWN for n in names)


def read_zip(source: str, path: Path) -> dict[str, bytes]:
    """The known CSV members of a LinkedIn ZIP, by lower-cased base name; others are listed."""
    data = read_limited(path, MAX_FILE_BYTES)
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise ImportFailed(source, "is not a readable ZIP file") from None
    files: dict[str, bytes] = {}
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ImportFailed(source, f"holds more than {MAX_MEMBERS:,} files; refused")
        total = 0
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise ImportFailed(
                    source, f"holds a file with an unsafe path ({name[:100]}); refused"
                )
            if info.is_dir():
                continue
            base = PurePosixPath(name).name.casefold()
            if base not in KNOWN:
                files.setdefault("\x00skipped", b"")
                files["\x00skipped"] += name.encode("utf-8", "replace")[:200] + b"\n"
                continue
            if info.file_size > MAX_FILE_BYTES:
                raise ImportFailed(source, f"{name} is larger than 20 MB; refused")
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise ImportFailed(
                    source, f"{name} is compressed suspiciously well (a zip bomb?); refused"
                )
            try:
                with archive.open(info) as member:
                    body = member.read(MAX_FILE_BYTES + 1)
            except _ZIP_ERRORS as exc:
                raise ImportFailed(source, f"{name} in the archive is damaged ({exc})") from None
            if len(body) > MAX_FILE_BYTES:
                raise ImportFailed(source, f"{name} is larger than 20 MB; refused")
            total += len(body)
            if total > MAX_TOTAL:
                raise ImportFailed(source, "the archive unpacks to more than 100 MB; refused")
            files[base] = body
    return files


def read_folder(path: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    skipped = []
    for child in sorted(path.iterdir()):
        if child.is_file() and child.name.casefold() in KNOWN:
            files[child.name.casefold()] = read_limited(child)
        elif child.is_file() and not child.name.startswith("."):
            skipped.append(child.name)
    if skipped:
        files["\x00skipped"] = "\n".join(skipped).encode()
    return files


def _date(text: str, notes: list[str], where: str) -> PartialDate | None:
    if not text.strip():
        return None
    try:
        return PartialDate.parse(text)
    except ValueError:
        notes.append(f"{where}: date “{text[:40]}” was not understood and was left out")
        return None


def _url(text: str) -> str:
    return text if text and url_problem("url", "URL", text) is None else ""


def parse_export(source: str, files: dict[str, bytes]) -> ImportBundle:
    """An import bundle from the CSV files of a LinkedIn export."""
    notes: list[str] = []
    skipped = files.pop("\x00skipped", b"").decode("utf-8", "replace").split()
    if skipped:
        shown = ", ".join(PurePosixPath(s).name for s in skipped[:8])
        more = f" and {len(skipped) - 8} more" if len(skipped) > 8 else ""
        notes.append(f"skipped {len(skipped)} file(s) not used here: {shown}{more}")

    counted = [0]  # records read from the tables that hold records (all but Profile.csv)
    passed_over: list[str] = []  # rows read but not imported, each with its reason

    def table(name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
        if name not in files:
            return []
        text = decode_text(f"{source}/{name}", files[name], notes)
        rows = read_table(f"{source}/{name}", text, columns).rows
        if name != "profile.csv":
            counted[0] += len(rows)
        return rows

    learner = None
    for _line, row in table("profile.csv", ("first name", "last name"))[:1]:
        name = f"{row.get('first name', '')} {row.get('last name', '')}".strip()
        if name:
            learner = LearnerInput(
                name=name[:200],
                headline=row.get("headline", "")[:1000],
                summary=row.get("summary", ""),
                location=row.get("geo location", "")[:200],
            )

    credentials: list[ImportedCredential] = []
    for line, row in table("certifications.csv", ("name",)):
        where = f"Certifications.csv row {line}"
        if not row.get("name"):
            passed_over.append(f"{where} has no name")
            continue
        credentials.append(
            ImportedCredential(
                CredentialInput(
                    title=row["name"][:1000],
                    kind=CredentialKind.PROFESSIONAL_CERTIFICATION,
                    issuer=row.get("authority", "")[:300],
                    end_date=_date(row.get("started on", ""), notes, where),
                    expiry_date=_date(row.get("finished on", ""), notes, where),
                    credential_id=row.get("license number", "")[:300],
                    verification_url=_url(row.get("url", "")),
                    source="linkedin",
                )
            )
        )
    for line, row in table("education.csv", ("school name",)):
        where = f"Education.csv row {line}"
        school = row.get("school name", "")[:300]
        degree = row.get("degree name", "")[:1000]
        if not (school or degree):
            passed_over.append(f"{where} has neither a school nor a degree")
            continue
        details = "\n\n".join(filter(None, (row.get("notes", ""), row.get("activities", ""))))
        credentials.append(
            ImportedCredential(
                CredentialInput(
                    title=degree or f"Studies at {school}",
                    kind=CredentialKind.DEGREE,
                    issuer=school,
                    issuer_kind=OrgKind.UNIVERSITY,
                    start_date=_date(row.get("start date", ""), notes, where),
                    end_date=_date(row.get("end date", ""), notes, where),
                    description=details,
                    source="linkedin",
                )
            )
        )
    experiences = []
    for line, row in table("positions.csv", ("company name", "title")):
        where = f"Positions.csv row {line}"
        if not row.get("title"):
            passed_over.append(f"{where} has no title")
            continue
        start = _date(row.get("started on", ""), notes, where)
        end = _date(row.get("finished on", ""), notes, where)
        experiences.append(
            ExperienceInput(
                title=row["title"][:1000],
                organization=row.get("company name", "")[:300],
                kind=ExperienceKind.WORK,
                location=row.get("location", "")[:200],
                start_date=start,
                end_date=end,
                current=start is not None and end is None,
                description=row.get("description", ""),
                source="linkedin",
            )
        )
    skill_list: list[ImportedSkill] = []
    for line, row in table("skills.csv", ("name",)):
        if row.get("name"):
            skill_list.append(ImportedSkill(label=row["name"][:300]))
        else:
            passed_over.append(f"Skills.csv row {line} has no name")
    language_list: list[LanguageEntry] = []
    for line, row in table("languages.csv", ("name",)):
        if row.get("name"):
            language_list.append(LanguageEntry(row["name"][:100], row.get("proficiency", "")[:100]))
        else:
            passed_over.append(f"Languages.csv row {line} has no name")
    skills, languages = tuple(skill_list), tuple(language_list)
    return ImportBundle(
        source=source,
        format="linkedin",
        learner=learner,
        credentials=tuple(credentials),
        experiences=tuple(experiences),
        skills=skills,
        languages=languages,
        notes=tuple(notes),
        records=counted[0],
        skipped=tuple(passed_over),
    )


Reader = Callable[[], dict[str, bytes]]
