"""Domain invariants, checked the same way for forms, importers and the command line."""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import urlsplit

from portfolio.dates import PartialDate
from portfolio.errors import FieldProblem, ValidationError
from portfolio.services.records import CredentialInput, ExperienceInput, LearnerInput

MAX_LINE = 1_000
MAX_TEXT = 1_000_000  # a 100,000-character description is fine; a runaway paste is not
# What one record may hold, however it arrives (form, import, command line). Each is far above
# anything a CV needs, and low enough that one record cannot make an import or a CV run for
# minutes (50,000 skills on one credential took 88 s; a 200,000-character URL gave a 372 MB PDF).
# The README lists them under "Limits".
MAX_URL = 2_000  # characters in a web address
MAX_SKILLS = 200  # skills on one credential or experience
MAX_TAGS = 100  # tags on one credential
MAX_EVIDENCE_LINKS = 100  # evidence links on one credential
MAX_LINKS = 50  # links on a learner's profile
MAX_HIGHLIGHTS = 200  # highlights of one experience
FAR_FUTURE_YEARS = 10
ALLOWED_URL_SCHEMES = ("http", "https")


def url_problem(field: str, label: str, url: str) -> FieldProblem | None:
    """An http(s) URL with a host, or nothing; anything else (javascript:, file:) is refused."""
    if not url.strip():
        return None
    if len(url) > MAX_URL:
        return FieldProblem(
            field,
            f"{label} is too long ({len(url):,} characters; the limit is {MAX_URL:,})",
        )
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        # "http://[::1" (an unclosed IPv6 host), a host that changes under NFKC normalisation...
        return FieldProblem(field, f"{label} is not a valid web address")
    if parts.scheme.lower() not in ALLOWED_URL_SCHEMES or not parts.netloc:
        return FieldProblem(
            field, f"{label} must be a web address starting with http:// or https://"
        )
    if any(ch.isspace() for ch in url.strip()):
        return FieldProblem(field, f"{label} must not contain spaces")
    return None


def number_problem(
    field: str, label: str, number: float | None, *, maximum: float = 100_000
) -> FieldProblem | None:
    """A stored number must be finite (SQLite keeps infinity, but no portable file can carry
    it back: JSON has no 1e999), not negative and plausible. Every form, importer and service
    that stores a credit value, duration or count checks it here."""
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, int | float):
        return FieldProblem(field, f"{label} must be a number")
    if isinstance(number, int) and abs(number) > 10**15:
        return FieldProblem(field, f"{label} is implausibly large")
    if not math.isfinite(number):
        return FieldProblem(field, f"{label} must be a number (infinity and NaN cannot be stored)")
    if number < 0:
        return FieldProblem(field, f"{label} cannot be negative")
    if number > maximum:
        return FieldProblem(field, f"{label} is implausibly large")
    return None


def _text_problems(values: dict[str, tuple[str, str, int]]) -> list[FieldProblem]:
    problems = []
    for field, (label, value, limit) in values.items():
        if len(value) > limit:
            problems.append(
                FieldProblem(
                    field,
                    f"{label} is too long ({len(value):,} characters; the limit is {limit:,})",
                )
            )
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            problems.append(FieldProblem(field, f"{label} contains invalid characters"))
        if "\x00" in value:
            problems.append(FieldProblem(field, f"{label} contains a NUL character"))
    return problems


def _count_problems(counts: dict[str, tuple[str, int, int]]) -> list[FieldProblem]:
    """`field: (plural noun, how many, limit)`: a problem for each count over its limit."""
    return [
        FieldProblem(field, f"Too many {label} ({count:,}; the limit is {limit:,})")
        for field, (label, count, limit) in counts.items()
        if count > limit
    ]


def _date_order_problems(
    start: PartialDate | None,
    end: PartialDate | None,
    start_label: str,
    end_field: str,
    end_label: str,
    *,
    blocking: bool,
) -> list[FieldProblem]:
    if start is not None and end is not None and end.last_day() < start.first_day():
        return [FieldProblem(end_field, f"{end_label} is before the {start_label}", blocking)]
    return []


def _far_future(
    field: str, label: str, value: PartialDate | None, today: dt.date
) -> list[FieldProblem]:
    if value is not None and value.year > today.year + FAR_FUTURE_YEARS:
        return [
            FieldProblem(
                field,
                f"{label} {value.display()} is far in the future; check the year",
                blocking=False,
            )
        ]
    return []


def check_learner(data: LearnerInput) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not data.name.strip():
        problems.append(FieldProblem("name", "Name is required"))
    problems += _text_problems(
        {
            "name": ("Name", data.name, 200),
            "headline": ("Headline", data.headline, MAX_LINE),
            "email": ("Email", data.email, 320),
            "phone": ("Phone", data.phone, 64),
            "location": ("Location", data.location, 200),
            "summary": ("Summary", data.summary, MAX_TEXT),
        }
    )
    if data.email.strip() and ("@" not in data.email or " " in data.email.strip()):
        problems.append(FieldProblem("email", "Email must look like name@example.org"))
    if p := url_problem("website", "Website", data.website):
        problems.append(p)
    problems += _count_problems({"links": ("links", len(data.links), MAX_LINKS)})
    for i, link in enumerate(data.links[: MAX_LINKS + 1]):
        if p := url_problem(f"links[{i}]", f"Link “{link.label or link.url}”", link.url):
            problems.append(p)
    return problems


def check_credential(data: CredentialInput, today: dt.date | None = None) -> list[FieldProblem]:
    """Every problem with a credential; `blocking` ones prevent saving, the others are flags."""
    today = today or dt.date.today()
    problems: list[FieldProblem] = []
    if not data.title.strip():
        problems.append(FieldProblem("title", "Title is required"))
    problems += _text_problems(
        {
            "title": ("Title", data.title, MAX_LINE),
            "issuer": ("Issuer", data.issuer, 300),
            "field_of_study": ("Field of study", data.field_of_study, MAX_LINE),
            "credential_id": ("Credential ID", data.credential_id, 300),
            "description": ("Description", data.description, MAX_TEXT),
            "notes": ("Notes", data.notes, MAX_TEXT),
            "assessment_note": ("Assessment", data.assessment_note, MAX_LINE),
        }
    )
    for field, label, number in (
        ("credit_value", "Credits", data.credit_value),
        ("duration_value", "Duration", data.duration_value),
        *(
            (f"recognitions[{i}]", "Recognised credits", r.credit_value)
            for i, r in enumerate(data.recognitions)
        ),
    ):
        if p := number_problem(field, label, number):
            problems.append(p)
    if data.credit_value is not None and data.credit_unit is None:
        problems.append(FieldProblem("credit_unit", "Choose the unit of the credits", False))
    if p := url_problem("verification_url", "Verification URL", data.verification_url):
        problems.append(p)
    counts = {
        "skills": ("skills", len(data.skills), MAX_SKILLS),
        "tags": ("tags", len(data.tags), MAX_TAGS),
        "evidence_links": ("evidence links", len(data.evidence_links), MAX_EVIDENCE_LINKS),
    }
    problems += _count_problems(counts)
    for i, tag in enumerate(data.tags[: MAX_TAGS + 1]):
        problems += _text_problems({f"tags[{i}]": ("Tag", tag, MAX_LINE)})
    for i, evidence in enumerate(data.evidence_links[: MAX_EVIDENCE_LINKS + 1]):
        if p := url_problem(f"evidence_links[{i}]", "Evidence link", evidence):
            problems.append(p)
    problems += _date_order_problems(
        data.start_date, data.end_date, "start date", "end_date", "End date", blocking=True
    )
    issued = data.end_date or data.start_date
    problems += _date_order_problems(
        issued, data.expiry_date, "issue date", "expiry_date", "Expiry", blocking=False
    )
    problems += _far_future("start_date", "Start date", data.start_date, today)
    problems += _far_future("end_date", "End date", data.end_date, today)
    problems += _far_future("expiry_date", "Expiry", data.expiry_date, today)
    seen: set[str] = set()
    for link in data.skills:
        key = link.label.strip().casefold()
        if not key and link.skill_id is None:
            problems.append(FieldProblem("skills", "A skill needs a name"))
        elif key in seen:
            problems.append(FieldProblem("skills", f"Skill “{link.label}” is listed twice"))
        seen.add(key)
    return problems


def check_experience(data: ExperienceInput, today: dt.date | None = None) -> list[FieldProblem]:
    today = today or dt.date.today()
    problems: list[FieldProblem] = []
    if not data.title.strip():
        problems.append(FieldProblem("title", "Title is required"))
    problems += _text_problems(
        {
            "title": ("Title", data.title, MAX_LINE),
            "organization": ("Organization", data.organization, 300),
            "location": ("Location", data.location, 200),
            "description": ("Description", data.description, MAX_TEXT),
        }
    )
    problems += _count_problems(
        {
            "highlights": ("highlights", len(data.highlights), MAX_HIGHLIGHTS),
            "skills": ("skills", len(data.skills), MAX_SKILLS),
        }
    )
    for i, text in enumerate(data.highlights[: MAX_HIGHLIGHTS + 1]):
        problems += _text_problems({f"highlights[{i}]": ("Highlight", text, MAX_TEXT)})
    if p := url_problem("url", "Web address", data.url):
        problems.append(p)
    problems += _date_order_problems(
        data.start_date, data.end_date, "start date", "end_date", "End date", blocking=True
    )
    problems += _far_future("start_date", "Start date", data.start_date, today)
    return problems


def raise_if_blocking(problems: list[FieldProblem]) -> list[FieldProblem]:
    """Raise ValidationError for blocking problems; return the non-blocking flags."""
    blocking = [p for p in problems if p.blocking]
    if blocking:
        raise ValidationError(blocking)
    return [p for p in problems if not p.blocking]
