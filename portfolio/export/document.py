"""The CV as plain data: what to print and in what order, decided before any typography.

`build_document(content, tailoring)` turns a learner's portfolio (frozen service records) and a
selection (a saved variant, a proposal for a role, or nothing) into a `CvDocument` of frozen
dataclasses holding display-ready strings. The renderer (`portfolio.export.pdf`) only lays that
out, so both halves are tested on their own. Nothing here imports ReportLab or SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from portfolio import APP_NAME, __version__
from portfolio.dates import PartialDate
from portfolio.enums import (
    AssessmentType,
    CredentialKind,
    CredentialStatus,
    CreditUnit,
    CvItemState,
    DeliveryMode,
    DurationUnit,
    ExperienceKind,
    SkillLevel,
)
from portfolio.services.cv_records import EDUCATION_KINDS, CvContent, ItemKind, Tailoring
from portfolio.services.records import CredentialRecord, ExperienceRecord, effective_status
from portfolio.services.validation import (
    MAX_EVIDENCE_LINKS,
    MAX_HIGHLIGHTS,
    MAX_LINE,
    MAX_LINKS,
    MAX_SKILLS,
    MAX_TAGS,
    MAX_URL,
)

LINK_SCHEMES = ("http", "https", "mailto")

# What a CV prints of a stored value at most. New values are kept within these by the forms and
# importers (services.validation); values stored before those limits, or by another tool, are
# cut here so that an export finishes in seconds with a readable file (a 200,000-character URL
# once made a 750 MB PDF in over two minutes). The README lists them under "Limits".
CV_LINE = MAX_LINE  # a title, a name, a skill label: longer is cut with "…"
CV_TEXT = 100_000  # a summary, a description, a highlight
LONG_FIELDS = frozenset({"summary", "description", "notes", "evidence_note", "highlights"})
URL_FIELDS = frozenset({"url", "website", "verification_url", "evidence_links"})
# Lists cut to their first items (the other records' tuples, such as credentials, are kept).
CV_COUNTS = {
    "skill_links": MAX_SKILLS,
    "links": MAX_LINKS,
    "highlights": MAX_HIGHLIGHTS,
    "tags": MAX_TAGS,
    "evidence_links": MAX_EVIDENCE_LINKS,
    "recognitions": 50,
}

SECTION_SUMMARY = "Summary"
SECTION_SKILLS = "Skills"
SECTION_EXPERIENCE = "Experience"
SECTION_EDUCATION = "Education"
SECTION_CREDENTIALS = "Micro-credentials & certifications"
SECTION_LANGUAGES = "Languages"


@dataclass(frozen=True)
class CvLink:
    """A piece of text that points somewhere; only http, https and mailto become live links."""

    text: str
    url: str = ""

    @property
    def clickable(self) -> bool:
        return is_linkable(self.url)


@dataclass(frozen=True)
class Header:
    name: str
    headline: str = ""
    contacts: tuple[CvLink, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One credential or experience, ready to print."""

    key: str  # "credential:12" / "experience:3": stable identity for tests and the UI
    title: str
    organization: str = ""
    location: str = ""
    dates: str = ""
    details: tuple[str, ...] = ()  # short facts: "8 weeks", "Online", "Credential ID ..."
    description: str = ""
    bullets: tuple[str, ...] = ()
    link: CvLink | None = None
    qr_url: str = ""  # set when the variant asks for QR codes and the link is clickable


@dataclass(frozen=True)
class CredentialGroup:
    """Credentials shown together because they stack into one target.

    `heading`/`summary` are empty for a credential that stacks into nothing; `lead` is the
    target itself when it is printed in the same section (a MicroMasters program and its MOOCs).
    """

    entries: tuple[Entry, ...]
    heading: str = ""
    summary: str = ""
    lead: Entry | None = None


@dataclass(frozen=True)
class SkillLine:
    skill_id: int
    label: str
    level: str = ""  # "Proficient": the strongest level any evidence gives
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkillGroup:
    category: str
    skills: tuple[SkillLine, ...]


@dataclass(frozen=True)
class LanguageLine:
    language: str
    fluency: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    creator: str


@dataclass(frozen=True)
class CvDocument:
    header: Header
    meta: DocumentMeta
    summary: str = ""
    skills: tuple[SkillGroup, ...] = ()
    experience: tuple[Entry, ...] = ()
    education: tuple[Entry, ...] = ()
    credentials: tuple[CredentialGroup, ...] = ()
    languages: tuple[LanguageLine, ...] = ()
    show_levels: bool = True


def is_linkable(url: str) -> bool:
    """True for the schemes a CV may link to: http(s) with a host, or mailto with an address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url.strip()):
        return False
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme == "mailto" and "@" in parts.path


def _shown_url(url: str) -> str:
    """A URL as printed: without the scheme and a trailing slash, which readers do not need."""
    text = url.strip()
    for prefix in ("https://", "http://", "mailto:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.lower().startswith("www."):
        text = text[4:]
    return text.rstrip("/")


# --- dates and small facts ----------------------------------------------------------------

DASH = "\u2013"


def date_range(start: PartialDate | None, end: PartialDate | None, *, ongoing: bool = False) -> str:
    """ "Aug 2020 – Oct 2020", "Nov 2020 – present", "Dec 2025"; a range within one date prints once."""
    first = start.display() if start else ""
    if ongoing:
        if end is not None:
            return f"{first} {DASH} expected {end.display()}".strip(f" {DASH}")
        return f"{first} {DASH} present" if first else "In progress"
    last = end.display() if end else ""
    if first and last and first != last:
        return f"{first} {DASH} {last}"
    return last or first


_KIND_LABELS = {
    CredentialKind.DEGREE: "Degree",
    CredentialKind.DIPLOMA: "Diploma",
    CredentialKind.CERTIFICATE: "Certificate",
    CredentialKind.BOOTCAMP: "Bootcamp",
    CredentialKind.MICRO_CREDENTIAL: "Micro-credential",
    CredentialKind.DIGITAL_BADGE: "Digital badge",
    CredentialKind.MOOC: "Online course (MOOC)",
    CredentialKind.PROGRAM: "Program",
    CredentialKind.COURSE: "Course",
    CredentialKind.PROFESSIONAL_CERTIFICATION: "Professional certification",
    CredentialKind.LICENCE: "Licence",
}
_KIND_PLURALS = {
    CredentialKind.COURSE: ("course", "courses"),
    CredentialKind.MICRO_CREDENTIAL: ("micro-credential", "micro-credentials"),
    CredentialKind.MOOC: ("course", "courses"),
    CredentialKind.DIGITAL_BADGE: ("badge", "badges"),
    CredentialKind.CERTIFICATE: ("certificate", "certificates"),
    CredentialKind.BOOTCAMP: ("bootcamp", "bootcamps"),
}
_DELIVERY = {
    DeliveryMode.ONLINE: "Online",
    DeliveryMode.IN_PERSON: "In person",
    DeliveryMode.HYBRID: "Hybrid",
}
_ASSESSMENT = {
    AssessmentType.EXAM: "Assessed by exam",
    AssessmentType.PROJECT: "Assessed by project",
    AssessmentType.PORTFOLIO: "Assessed by portfolio",
    AssessmentType.ASSIGNMENTS: "Assessed by assignments",
    AssessmentType.PRACTICAL: "Practical assessment",
    AssessmentType.OTHER: "Assessed",
}


def _number(value: float) -> str:
    return f"{value:g}"


def credit_text(value: float | None, unit: CreditUnit | None) -> str:
    if value is None:
        return ""
    singular = value == 1
    names = {
        CreditUnit.CREDITS: "credit" if singular else "credits",
        CreditUnit.ECTS: "ECTS credit" if singular else "ECTS credits",
        CreditUnit.CEU: "CEU" if singular else "CEUs",
        CreditUnit.HOURS: "hour" if singular else "hours",
        None: "credit" if singular else "credits",
    }
    return f"{_number(value)} {names[unit]}"


def duration_text(value: float | None, unit: DurationUnit | None) -> str:
    if value is None:
        return ""
    word = "week" if unit == DurationUnit.WEEKS else "hour"
    return f"{_number(value)} {word}{'' if value == 1 else 's'}"


def _credential_details(cred: CredentialRecord, today: dt.date) -> tuple[str, ...]:
    parts: list[str] = []
    if cred.kind not in EDUCATION_KINDS:
        parts.append(_KIND_LABELS.get(cred.kind, ""))
    elif cred.field_of_study and cred.field_of_study.casefold() not in cred.title.casefold():
        parts.append(cred.field_of_study)
    parts.append(credit_text(cred.credit_value, cred.credit_unit))
    parts.append(duration_text(cred.duration_value, cred.duration_unit))
    # "In person" is what a reader assumes; only say how a credential was delivered otherwise.
    if cred.delivery_mode not in (None, DeliveryMode.IN_PERSON):
        assert cred.delivery_mode is not None
        parts.append(_DELIVERY[cred.delivery_mode])
    if cred.assessment not in (None, AssessmentType.NONE):
        assert cred.assessment is not None
        label = _ASSESSMENT[cred.assessment]
        parts.append(f"{label}: {cred.assessment_note}" if cred.assessment_note else label)
    if cred.credential_id:
        parts.append(f"Credential ID {cred.credential_id}")
    status = effective_status(cred.status, cred.expiry_date, today)
    if cred.expiry_date is not None:
        if status == CredentialStatus.EXPIRED:
            parts.append(f"Expired {cred.expiry_date.display()}")
        else:
            parts.append(f"Valid until {cred.expiry_date.display()}")
    elif status == CredentialStatus.EXPIRED:
        parts.append("Expired")
    for rec in cred.recognitions:
        toward = f" toward {rec.program}" if rec.program else ""
        credits = credit_text(rec.credit_value, rec.credit_unit)
        amount = f" for {credits}" if credits else ""
        parts.append(f"Recognised by {rec.institution}{toward}{amount}".strip())
    return tuple(p for p in parts if p)


def _credential_entry(cred: CredentialRecord, today: dt.date, qr_codes: bool) -> Entry:
    link = None
    url = cred.verification_url.strip()
    if url:
        link = CvLink(f"Verify: {_shown_url(url)}", url)
    in_progress = cred.status == CredentialStatus.IN_PROGRESS
    return Entry(
        key=f"credential:{cred.id}",
        title=cred.title,
        organization=cred.issuer,
        dates=date_range(cred.start_date, cred.end_date, ongoing=in_progress),
        details=_credential_details(cred, today),
        description=cred.description,
        link=link,
        qr_url=url if qr_codes and link is not None and link.clickable else "",
    )


def _experience_entry(exp: ExperienceRecord) -> Entry:
    details: tuple[str, ...] = ()
    if exp.kind == ExperienceKind.VOLUNTEER:
        details = ("Volunteer",)
    elif exp.kind == ExperienceKind.PROJECT:
        details = ("Project",)
    url = exp.url.strip()
    return Entry(
        key=f"experience:{exp.id}",
        title=exp.title,
        organization=exp.organization,
        location=exp.location,
        dates=date_range(exp.start_date, exp.end_date, ongoing=exp.current),
        details=details,
        description=exp.description,
        bullets=tuple(h for h in exp.highlights if h.strip()),
        link=CvLink(_shown_url(url), url) if url else None,
    )


# --- ordering -----------------------------------------------------------------------------

_FAR = 10**9
_T = TypeVar("_T")


def _ordered(
    items: Sequence[_T], kind: ItemKind, key_id: dict[int, int], tailoring: Tailoring
) -> list[_T]:
    """Drop hidden items; pinned ones first, then items the selection placed, then the rest.

    `key_id[i]` is the record id of `items[i]`; `items` arrive in their natural order. Positions
    start at 1; 0 means "not placed", so such items keep their natural order after placed ones.
    """
    states = tailoring.states(kind)
    ranked = []
    for index, item in enumerate(items):
        choice = states.get(key_id[index])
        if choice is None:
            ranked.append(((1, _FAR, index), item))
        elif choice.state == CvItemState.HIDDEN:
            continue
        elif choice.state == CvItemState.PINNED:
            ranked.append(((0, choice.position, index), item))
        else:
            ranked.append(((1, choice.position or _FAR, index), item))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]


def _newest_first(date: PartialDate | None, fallback: PartialDate | None) -> tuple[int, str]:
    chosen = date or fallback
    return (0, _invert(chosen.iso())) if chosen else (1, "")


def _invert(text: str) -> str:
    return "".join(chr(0x7F - ord(ch)) if ch.isdigit() else ch for ch in text)


def _credential_sort(cred: CredentialRecord) -> tuple[object, ...]:
    ongoing = cred.status == CredentialStatus.IN_PROGRESS
    return (0 if ongoing else 1, _newest_first(cred.end_date, cred.start_date), cred.id)


def _experience_sort(exp: ExperienceRecord) -> tuple[object, ...]:
    return (
        0 if exp.current else 1,
        _newest_first(exp.start_date, exp.end_date),
        _newest_first(exp.end_date, None),
        exp.id,
    )


# --- skills -------------------------------------------------------------------------------

_LEVEL_LABEL = {
    SkillLevel.AWARENESS: "Awareness",
    SkillLevel.WORKING: "Working",
    SkillLevel.PROFICIENT: "Proficient",
    SkillLevel.EXPERT: "Expert",
}


def _skill_groups(
    content: CvContent,
    tailoring: Tailoring,
    shown_credentials: set[int],
    shown_experience: set[int],
) -> tuple[SkillGroup, ...]:
    labels: dict[int, str] = {}
    categories: dict[int, str] = {}
    levels: dict[int, SkillLevel] = {}
    evidence: dict[int, list[tuple[int, str]]] = defaultdict(list)

    def note(skill_id: int, label: str, category: str, level: SkillLevel) -> None:
        labels.setdefault(skill_id, label)
        categories.setdefault(skill_id, category)
        if skill_id not in levels or level.rank > levels[skill_id].rank:
            levels[skill_id] = level

    for cred in content.credentials:
        for link in cred.skill_links:
            note(link.skill_id, link.label, link.category, link.level)
            # Evidence the reader can find on this CV is listed first.
            evidence[link.skill_id].append((0 if cred.id in shown_credentials else 1, cred.title))
    for exp in content.experiences:
        for link in exp.skill_links:
            note(link.skill_id, link.label, link.category, link.level)
            shown = exp.id in shown_experience
            evidence[link.skill_id].append((0 if shown else 1, exp.title))
    for claimed in content.claimed_skills:
        note(claimed.skill_id, claimed.label, claimed.category, claimed.level)

    ids = sorted(labels, key=lambda s: (-levels[s].rank, labels[s].casefold(), s))
    focus_rank = {skill_id: i for i, skill_id in enumerate(tailoring.focus_skill_ids)}
    states = tailoring.states("skill")
    visible = []
    for skill_id in ids:
        choice = states.get(skill_id)
        if choice is not None and choice.state == CvItemState.HIDDEN:
            continue
        if choice is not None and choice.state == CvItemState.PINNED:
            key: tuple[int, ...] = (0, choice.position)
        elif skill_id in focus_rank:
            key = (1, focus_rank[skill_id])
        else:
            key = (2, 0)
        visible.append((key, skill_id))
    visible.sort(key=lambda pair: pair[0])  # stable: strongest first within each band

    groups: dict[str, list[SkillLine]] = {}
    for _, skill_id in visible:
        category = categories[skill_id].strip() or "Other skills"
        titles = [title for _, title in sorted(evidence[skill_id], key=lambda p: p[0])]
        groups.setdefault(category, []).append(
            SkillLine(
                skill_id=skill_id,
                label=labels[skill_id],
                level=_LEVEL_LABEL[levels[skill_id]],
                evidence=tuple(dict.fromkeys(titles)),
            )
        )
    # Without a focus, categories where the learner is strongest lead; with one (or pins) the
    # category of the first lead skill comes first, since `visible` is in lead order.
    if not tailoring.focus_skill_ids and not any(
        c.state == CvItemState.PINNED for c in states.values()
    ):
        order = sorted(
            groups,
            key=lambda c: (-sum(levels[s.skill_id].rank for s in groups[c]), c.casefold()),
        )
        return tuple(SkillGroup(c, tuple(groups[c])) for c in order)
    return tuple(SkillGroup(c, tuple(lines)) for c, lines in groups.items())


# --- stacking -----------------------------------------------------------------------------


def _common_prefix(titles: Sequence[str]) -> str:
    """ "FASS Forward" for "FASS Forward: Writing" and "FASS Forward: Public Speaking"."""
    heads = {title.split(":", 1)[0].strip() for title in titles if ":" in title}
    if len(heads) == 1 and all(":" in title for title in titles):
        return heads.pop()
    return ""


def _stack_summary(children: Sequence[CredentialRecord], target: CredentialRecord | None) -> str:
    kinds = {c.kind for c in children}
    singular, plural = (
        _KIND_PLURALS.get(next(iter(kinds)), ("credential", "credentials"))
        if len(kinds) == 1
        else ("credential", "credentials")
    )
    count = len(children)
    done = sum(1 for c in children if c.status != CredentialStatus.IN_PROGRESS)
    text = f"{count} {singular if count == 1 else plural}"
    if done != count:
        text += f" ({done} completed)"
    units = {c.credit_unit for c in children if c.credit_value is not None}
    if len(units) == 1:
        total = sum(
            c.credit_value or 0
            for c in children
            if c.credit_value is not None and c.status != CredentialStatus.IN_PROGRESS
        )
        if total:
            text += f", {credit_text(total, next(iter(units)))}"
    if target is not None:
        text += f" toward {target.title}"
        if target.issuer:
            text += f" ({target.issuer})"
    return text


def _credential_groups(
    creds: Sequence[CredentialRecord],
    all_creds: dict[int, CredentialRecord],
    today: dt.date,
    qr_codes: bool,
) -> tuple[CredentialGroup, ...]:
    shown_ids = {c.id for c in creds}
    children: dict[int, list[CredentialRecord]] = defaultdict(list)
    for cred in creds:
        if cred.stacks_into_id is not None and cred.stacks_into_id in all_creds:
            children[cred.stacks_into_id].append(cred)
    groups: list[CredentialGroup] = []
    placed: set[int] = set()
    for cred in creds:
        target_id = cred.stacks_into_id
        if cred.id in placed or (target_id in shown_ids and target_id in children):
            continue  # already placed, or placed later under its target
        if cred.id in children:
            # This credential is itself a target printed here: it leads its stack.
            kids = sorted(children[cred.id], key=_credential_sort)
            placed.update([cred.id, *(k.id for k in kids)])
            groups.append(
                CredentialGroup(
                    entries=tuple(_credential_entry(k, today, qr_codes) for k in kids),
                    summary=_stack_summary(kids, None),
                    lead=_credential_entry(cred, today, qr_codes),
                )
            )
        elif target_id is not None and target_id in all_creds and target_id not in shown_ids:
            # The target is elsewhere (a degree under Education, or hidden): name it.
            kids = sorted(children[target_id], key=_credential_sort)
            placed.update(k.id for k in kids)
            target = all_creds[target_id]
            heading = _common_prefix([k.title for k in kids]) or f"Toward {target.title}"
            groups.append(
                CredentialGroup(
                    entries=tuple(_credential_entry(k, today, qr_codes) for k in kids),
                    heading=heading,
                    summary=_stack_summary(kids, target),
                )
            )
        else:
            placed.add(cred.id)
            groups.append(CredentialGroup(entries=(_credential_entry(cred, today, qr_codes),)))
    return tuple(groups)


# --- the document -------------------------------------------------------------------------


def _contacts(content: CvContent) -> tuple[CvLink, ...]:
    learner = content.learner
    out: list[CvLink] = []
    if learner.location:
        out.append(CvLink(learner.location))
    if learner.email:
        out.append(CvLink(learner.email, f"mailto:{learner.email}"))
    if learner.phone:
        out.append(CvLink(learner.phone))
    if learner.website:
        out.append(CvLink(_shown_url(learner.website), learner.website))
    for link in learner.links:
        if link.url:
            out.append(
                CvLink(
                    f"{link.label}: {_shown_url(link.url)}" if link.label else _shown_url(link.url),
                    link.url,
                )
            )
    return tuple(out)


def _clamped(value: object, name: str = "") -> object:
    """`value` with every text, web address and list within what a CV prints (see CV_LINE...).

    Walks the frozen records; a record is copied only when something in it had to be cut.
    """
    if isinstance(value, str):
        if name in URL_FIELDS:
            return value if len(value) <= MAX_URL else ""  # a cut address leads nowhere
        limit = CV_TEXT if name in LONG_FIELDS else CV_LINE
        return value if len(value) <= limit else value[: limit - 1] + "…"
    if isinstance(value, tuple):
        items = value[: CV_COUNTS[name]] if name in CV_COUNTS else value
        out = tuple(_clamped(item, name) for item in items)
        return value if len(out) == len(value) and all(map(_same, out, value)) else out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for item in dataclasses.fields(value):
            old = getattr(value, item.name)
            new = _clamped(old, item.name)
            if new is not old:
                changes[item.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _same(a: object, b: object) -> bool:
    return a is b


def build_document(
    content: CvContent,
    tailoring: Tailoring | None = None,
    *,
    today: dt.date | None = None,
    qr_codes: bool = False,
    show_levels: bool = True,
    role_name: str = "",
) -> CvDocument:
    """The CV for `content` under `tailoring` (None: every item, natural order).

    Absurd stored values (a 200,000-character address, 50,000 skills on one credential) are cut
    to what a CV prints first (`_clamped`)."""
    clamped = _clamped(content)
    assert isinstance(clamped, CvContent)
    content = clamped
    tailoring = tailoring or Tailoring()
    today = today or dt.date.today()
    learner = content.learner
    by_id = {c.id: c for c in content.credentials}

    creds = sorted(content.credentials, key=_credential_sort)
    creds = _ordered(creds, "credential", {i: c.id for i, c in enumerate(creds)}, tailoring)
    exps = sorted(content.experiences, key=_experience_sort)
    exps = _ordered(exps, "experience", {i: e.id for i, e in enumerate(exps)}, tailoring)
    education = [c for c in creds if c.kind in EDUCATION_KINDS]
    others = [c for c in creds if c.kind not in EDUCATION_KINDS]

    skills = _skill_groups(content, tailoring, {c.id for c in creds}, {e.id for e in exps})
    lead_skills = [line.label for group in skills for line in group.skills]
    focus_labels = [
        line.label
        for group in skills
        for line in group.skills
        if line.skill_id in set(tailoring.focus_skill_ids)
    ]
    keywords = tuple(
        dict.fromkeys([*([role_name] if role_name else []), *(focus_labels or lead_skills)])
    )[:15]
    subject = f"Curriculum vitae for {role_name}" if role_name else "Curriculum vitae"
    if learner.headline:
        subject += f": {learner.headline}"
    return CvDocument(
        header=Header(learner.name, learner.headline, _contacts(content)),
        meta=DocumentMeta(
            title=f"{learner.name} \u2014 CV",
            author=learner.name,
            subject=subject,
            keywords=keywords,
            creator=f"{APP_NAME} {__version__}",
        ),
        summary=learner.summary,
        skills=skills,
        experience=tuple(_experience_entry(e) for e in exps),
        education=tuple(_credential_entry(c, today, qr_codes) for c in education),
        credentials=_credential_groups(others, by_id, today, qr_codes),
        languages=tuple(LanguageLine(x.language, x.fluency) for x in learner.languages),
        show_levels=show_levels,
    )


# --- checks before export -----------------------------------------------------------------


def _texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item, where)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        title = getattr(value, "title", "") or getattr(value, "label", "") or where
        label = f"“{title[:60]}”" if title != where else where
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), label)


def unshaped_text(doc: CvDocument) -> list[tuple[str, list[str]]]:
    """Where the document holds scripts the PDF cannot shape: [(place, [script names])]."""
    from portfolio.export.markup import unsupported_scripts

    found: dict[str, list[str]] = {}
    for where, text in _texts(doc, "the CV"):
        for script in unsupported_scripts(text):
            names = found.setdefault(where, [])
            if script not in names:
                names.append(script)
    return list(found.items())
