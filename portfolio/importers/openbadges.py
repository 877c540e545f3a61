"""Open Badges 2.0 assertions and 3.0 credentials (JSON, JWS, VC-JWT) mapped to credentials.

Nothing is fetched: a hosted badge, or one whose BadgeClass or issuer is only a link, is imported
with what the file holds, marked "not verified", and the note says what is missing. Linked
documents given in the same import (an OB 2.0 Issuer or BadgeClass file) fill those gaps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from portfolio.dates import PartialDate
from portfolio.enums import CredentialKind, CreditUnit, OrgKind, VerificationStatus
from portfolio.importers import data_integrity
from portfolio.importers import jws as jwslib
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import Attachment, ImportedCredential
from portfolio.services.records import CredentialInput, SkillLinkInput
from portfolio.services.validation import url_problem

JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")

# OB 3.0 achievementType vocabulary (and OB 2.0 extensions using the same words) -> our kind.
_KINDS = {
    "degree": CredentialKind.DEGREE,
    "associatedegree": CredentialKind.DEGREE,
    "bachelordegree": CredentialKind.DEGREE,
    "masterdegree": CredentialKind.DEGREE,
    "doctoraldegree": CredentialKind.DEGREE,
    "professionaldoctorate": CredentialKind.DEGREE,
    "researchdoctorate": CredentialKind.DEGREE,
    "diploma": CredentialKind.DIPLOMA,
    "secondaryschooldiploma": CredentialKind.DIPLOMA,
    "generaleducationdevelopment": CredentialKind.DIPLOMA,
    "certificate": CredentialKind.CERTIFICATE,
    "certificateofcompletion": CredentialKind.CERTIFICATE,
    "apprenticeshipcertificate": CredentialKind.CERTIFICATE,
    "journeymancertificate": CredentialKind.CERTIFICATE,
    "mastercertificate": CredentialKind.CERTIFICATE,
    "certification": CredentialKind.PROFESSIONAL_CERTIFICATION,
    "qualityassurancecredential": CredentialKind.PROFESSIONAL_CERTIFICATION,
    "license": CredentialKind.LICENCE,
    "licence": CredentialKind.LICENCE,
    "microcredential": CredentialKind.MICRO_CREDENTIAL,
    "course": CredentialKind.COURSE,
    "learningprogram": CredentialKind.PROGRAM,
    "badge": CredentialKind.DIGITAL_BADGE,
}


@dataclass
class Context:
    """What one import run shares: linked documents by id, user-supplied keys, today."""

    linked: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    keys: list[jwslib.PublicKey] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)


def types_of(doc: Mapping[str, Any]) -> set[str]:
    value = doc.get("type", doc.get("@type"))
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def is_ob3(doc: Mapping[str, Any]) -> bool:
    return bool(types_of(doc) & {"OpenBadgeCredential", "AchievementCredential"}) or (
        "credentialSubject" in doc and "VerifiableCredential" in types_of(doc)
    )


def is_ob2_assertion(doc: Mapping[str, Any]) -> bool:
    return "Assertion" in types_of(doc) or ("badge" in doc and "recipient" in doc)


def is_hosted_stub(doc: Mapping[str, Any]) -> bool:
    """An OB 1.x style `{"verify": {"url": ...}}` that holds nothing but a link."""
    verify = doc.get("verify")
    return isinstance(verify, Mapping) and set(doc) <= {"verify", "recipient", "uid"}


def is_linked_document(doc: Mapping[str, Any]) -> bool:
    """An OB 2.0 Issuer/Profile, BadgeClass or CryptographicKey: data other badges link to."""
    return bool(types_of(doc) & {"Issuer", "Profile", "BadgeClass", "CryptographicKey"})


def _text(value: Any, limit: int = 1000) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _url(value: Any) -> str:
    text = _text(value, 2000)
    return text if text and url_problem("url", "URL", text) is None else ""


def _date(value: Any) -> PartialDate | None:
    if not isinstance(value, str):
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int) and not 0 <= value <= 100_000:
        return None  # checked as an int: a 400-digit one does not even convert to a float
    number = float(value)
    return number if 0 <= number <= 100_000 else None


def _kind(value: Any) -> CredentialKind:
    if isinstance(value, str):
        key = value.removeprefix("ext:").replace(" ", "").replace("-", "").casefold()
        return _KINDS.get(key, CredentialKind.DIGITAL_BADGE)
    return CredentialKind.DIGITAL_BADGE


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _evidence(value: Any) -> tuple[str, ...]:
    links = []
    for item in _list(value):
        url = _url(item) or (_url(item.get("id")) if isinstance(item, Mapping) else "")
        if url and url not in links:
            links.append(url)
    return tuple(links[:50])


def _alignments(value: Any) -> tuple[SkillLinkInput, ...]:
    links: list[SkillLinkInput] = []
    seen: set[str] = set()
    for item in _list(value):
        if not isinstance(item, Mapping):
            continue
        label = _text(item.get("targetName"), 300)
        if not label or label.casefold() in seen:
            continue
        seen.add(label.casefold())
        uri = _url(item.get("targetUrl"))[:500] or None
        framework = _text(item.get("targetFramework"), 300)
        code = _text(item.get("targetCode"), 100)
        note = " · ".join(filter(None, [framework, code]))
        links.append(SkillLinkInput(label=label, uri=uri, source="alignment", evidence_note=note))
    return tuple(links[:100])


def _criteria(value: Any) -> str:
    if isinstance(value, Mapping):
        narrative = _text(value.get("narrative"), 100_000)
        return narrative or _url(value.get("id"))
    return _url(value)


def _tags(value: Any) -> tuple[str, ...]:
    return tuple(t for t in (_text(v, 100) for v in _list(value)) if t)[:50]


def _resolve(ref: Any, ctx: Context) -> Mapping[str, Any] | None:
    if isinstance(ref, Mapping):
        return ref
    if isinstance(ref, str):
        return ctx.linked.get(ref)
    return None


def _describe(description: str, criteria: str) -> str:
    if criteria:
        return f"{description}\n\nCriteria: {criteria}".strip()
    return description


def _expiry_note(expiry: PartialDate | None, today: dt.date, stated: Any = None) -> str:
    """What the preview says about expiry; `stated` is the expiry the file gave, if any."""
    if expiry is None and stated not in (None, ""):
        # An expiry we cannot read is not "no expiry": the badge may well have lapsed.
        shown = stated if isinstance(stated, str) else json.dumps(stated)
        return f"its expiry date “{shown[:40]}” could not be read, so it was left empty; check it"
    if expiry is None:
        return "does not expire"
    if expiry.last_day() < today:
        return f"expired on {expiry.display()}"
    return f"valid until {expiry.display()}"


def _title_fallback(ref: Any) -> str:
    if isinstance(ref, str) and ref:
        try:
            parts = urlsplit(ref)
        except ValueError:  # not a URL at all ("http://[::1"): no tail to show
            return "Open Badge"
        tail = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.netloc
        return f"Open Badge ({tail[:80]})" if tail else "Open Badge"
    return "Open Badge"


def map_ob2(
    doc: Mapping[str, Any], source: str, ctx: Context, signed: bool = False
) -> tuple[CredentialInput, list[str]]:
    """An OB 2.0 assertion (BadgeClass and issuer embedded, or linked in this import)."""
    notes: list[str] = []
    badge_ref = doc.get("badge")
    badge = _resolve(badge_ref, ctx)
    if badge is None:
        notes.append(
            f"the BadgeClass {_text(badge_ref, 200) or '(none)'} is only a link and was not "
            "fetched: title, description and issuer are unknown"
        )
        badge = {}
    issuer_ref = badge.get("issuer")
    issuer = _resolve(issuer_ref, ctx) or {}
    if badge and not issuer:
        notes.append(
            f"the issuer {_text(issuer_ref, 200) or '(none)'} is only a link and was not fetched"
        )
    expiry = _date(doc.get("expires"))
    data = CredentialInput(
        title=_text(badge.get("name")) or _title_fallback(badge_ref),
        kind=_kind(badge.get("achievementType") or badge.get("extensions:achievementType")),
        issuer=_text(issuer.get("name"), 300),
        issuer_kind=OrgKind.OTHER if issuer else None,
        end_date=_date(doc.get("issuedOn")),
        expiry_date=expiry,
        credential_id=_text(doc.get("id"), 300),
        description=_describe(
            _text(badge.get("description"), 100_000), _criteria(badge.get("criteria"))
        ),
        evidence_links=_evidence(doc.get("evidence")),
        tags=_tags(badge.get("tags")),
        skills=_alignments(badge.get("alignment")),
        source="openbadges",
    )
    verification = doc.get("verification") if isinstance(doc.get("verification"), Mapping) else {}
    vtype = str((verification or {}).get("type", "")).casefold()
    status = VerificationStatus.STRUCTURE_VALID
    if vtype == "hosted" or not vtype:
        status = VerificationStatus.NOT_VERIFIED
        url = _url(doc.get("id"))
        data = replace(data, verification_url=url)
        notes.append(
            "hosted badge: it can only be checked online"
            + (f" at {url}" if url else "")
            + " (not fetched)"
        )
    elif vtype == "signed" and not signed:
        status = VerificationStatus.NOT_VERIFIED
        notes.append(
            "it says it is signed, but the file holds no signature (a signed badge is baked as a JWS)"
        )
    missing = [
        key for key in ("recipient", "issuedOn", "badge", "verification") if not doc.get(key)
    ]
    if badge and not data.issuer:
        missing.append("the BadgeClass's issuer")
    if missing:
        status = VerificationStatus.INVALID
        notes.append("structure invalid: missing " + ", ".join(missing))
    return replace(data, verification_status=status), notes


def map_ob3(doc: Mapping[str, Any], source: str, ctx: Context) -> tuple[CredentialInput, list[str]]:
    """An OB 3.0 OpenBadgeCredential / AchievementCredential (VC data model 1.1 or 2.0)."""
    notes: list[str] = []
    subject = doc.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if subject else None
    if not isinstance(subject, Mapping):
        raise ImportFailed(source, "the credential has no credentialSubject")
    achievement = subject.get("achievement")
    if not isinstance(achievement, Mapping):
        raise ImportFailed(source, "the credential's subject names no achievement")
    issuer = _resolve(doc.get("issuer"), ctx) or _resolve(achievement.get("creator"), ctx) or {}
    result_credits = _number(subject.get("creditsEarned"))
    available = _number(achievement.get("creditsAvailable"))
    credits = result_credits if result_credits is not None else available
    title = _text(achievement.get("name")) or _text(doc.get("name"))
    if not title:
        raise ImportFailed(source, "the credential's achievement has no name")
    expiry = _date(doc.get("validUntil") or doc.get("expirationDate"))
    issued = _date(doc.get("awardedDate") or doc.get("validFrom") or doc.get("issuanceDate"))
    description = _text(achievement.get("description"), 100_000) or _text(
        doc.get("description"), 100_000
    )
    data = CredentialInput(
        title=title,
        kind=_kind(achievement.get("achievementType")),
        issuer=_text(issuer.get("name"), 300),
        issuer_kind=OrgKind.OTHER if issuer else None,
        field_of_study=_text(achievement.get("fieldOfStudy")),
        start_date=_date(subject.get("activityStartDate")),
        end_date=issued,
        expiry_date=expiry,
        credential_id=_text(doc.get("id"), 300),
        credit_value=credits,
        credit_unit=CreditUnit.CREDITS if credits is not None else None,
        description=_describe(description, _criteria(achievement.get("criteria"))),
        evidence_links=_evidence(doc.get("evidence")),
        tags=_tags(achievement.get("tag")),
        skills=_alignments(achievement.get("alignment")),
        source="openbadges",
        verification_status=VerificationStatus.STRUCTURE_VALID,
    )
    if data.start_date and data.end_date and data.end_date < data.start_date:
        data = replace(data, start_date=None)
    missing = [] if data.issuer else ["issuer"]
    if not (doc.get("validFrom") or doc.get("issuanceDate")):
        missing.append("validFrom")
    if missing:
        notes.append("structure invalid: missing " + ", ".join(missing))
        data = replace(data, verification_status=VerificationStatus.INVALID)
    proof = data_integrity.check_document(doc, ctx.keys, ctx.linked)
    if proof is not None:
        status, note = proof
        notes.insert(0, note)
        if data.verification_status != VerificationStatus.INVALID:
            data = replace(data, verification_status=status)
    elif data.verification_status != VerificationStatus.INVALID:
        notes.append("it carries no signature")
    return data, notes


def map_document(
    doc: Any, source: str, ctx: Context, signature: str = ""
) -> tuple[CredentialInput, list[str]]:
    """Any Open Badges JSON document as a credential input with notes."""
    if not isinstance(doc, Mapping):
        raise ImportFailed(source, "the badge data is not a JSON object")
    if "vc" in doc and isinstance(doc["vc"], Mapping):  # VC-JWT (VC 1.1): claims wrap the VC
        inner = dict(doc["vc"])
        for claim, key in (("jti", "id"), ("iss", "issuer")):
            if claim in doc and key not in inner:
                inner[key] = doc[claim]
        for claim, key in (("nbf", "validFrom"), ("exp", "validUntil")):
            if isinstance(doc.get(claim), int) and key not in inner:
                inner[key] = dt.datetime.fromtimestamp(
                    max(0, min(doc[claim], 7_000_000_000)), dt.UTC
                ).isoformat()
        doc = inner
    if is_ob3(doc):
        data, notes = map_ob3(doc, source, ctx)
    elif is_ob2_assertion(doc):
        data, notes = map_ob2(doc, source, ctx, signed=bool(signature))
    elif is_hosted_stub(doc):
        url = _url(doc["verify"].get("url"))
        data = CredentialInput(
            title=_title_fallback(url) if url else "Open Badge",
            kind=CredentialKind.DIGITAL_BADGE,
            verification_url=url,
            credential_id=url[:300],
            source="openbadges",
        )
        notes = [
            "the file holds only a link to a hosted badge"
            + (f" ({url})" if url else "")
            + "; its details were not fetched"
        ]
    else:
        raise ImportFailed(
            source, "is JSON but not an Open Badges assertion or credential (no type found)"
        )
    stated = next(
        (doc[k] for k in ("validUntil", "expirationDate", "expires") if doc.get(k) is not None),
        None,
    )
    notes.append(_expiry_note(data.expiry_date, ctx.today, stated))
    if signature:
        status, note = signature.split("|", 1)
        if data.verification_status != VerificationStatus.INVALID:
            data = replace(data, verification_status=VerificationStatus(status))
        notes = [note, *(n for n in notes if n != "it carries no signature")]
    return data, notes


def _signature_result(token: jwslib.DecodedJws, source: str, ctx: Context) -> str:
    """ "status|note" for a JWS; a signature proves who signed only with a key tied to the
    issuer (see importers.trust)."""
    from portfolio.importers import trust
    from portfolio.importers.multikey import did_key_ed25519

    alg = _text(token.header.get("alg"), 20)
    if any(jwslib.verify(token, key) for key in ctx.keys):
        return f"{VerificationStatus.SIGNATURE_VALID.value}|signature valid ({alg}, checked with the supplied key)"
    carried: list[tuple[str, jwslib.PublicKey, str]] = []  # (where from, key, did it came from)
    if "jwk" in token.header:
        carried.append(
            (
                "the key the badge carries in its own header",
                jwslib.key_from_jwk(source, token.header["jwk"]),
                "",
            )
        )
    kid = token.header.get("kid")
    if isinstance(kid, str) and kid.startswith("did:key:"):
        # Not a usable did:key: the signature is checked with what else is at hand.
        with contextlib.suppress(ValueError):
            carried.append(("the key in its did:key", did_key_ed25519(kid), kid))
    if not carried and not ctx.keys:
        shown = _text(kid, 200)
        where = f" (published at {shown}, not fetched)" if shown else ""
        return f"{VerificationStatus.STRUCTURE_VALID.value}|signature not checked: no key at hand{where}"
    issuer = trust.issuer_of(token.payload, ctx.linked)
    for label, key, did in carried:
        if not jwslib.verify(token, key):
            continue
        tie = trust.tie_to_issuer(key, issuer=issuer, linked=ctx.linked, did=did)
        if tie:
            return f"{VerificationStatus.SIGNATURE_VALID.value}|signature valid ({alg}, checked with {tie})"
        note = trust.untied_note(f"{label} ({alg})", issuer)
        return f"{VerificationStatus.STRUCTURE_VALID.value}|{note}"
    return f"{VerificationStatus.SIGNATURE_INVALID.value}|signature INVALID: the badge was altered or the key does not match"


def import_payload(
    payload: str | Mapping[str, Any],
    source: str,
    ctx: Context,
    attachments: Iterable[Attachment] = (),
) -> tuple[ImportedCredential, list[str]]:
    """A badge payload (parsed JSON, a JWS/VC-JWT string, or a hosted URL) as a credential."""
    from portfolio.importers.limits import parse_json

    signature = ""
    doc: Any = payload
    if isinstance(payload, str):
        text = payload.strip()
        if JWS.match(text):
            token = jwslib.decode(source, text)
            signature = _signature_result(token, source, ctx)
            doc = token.payload
        elif text.startswith("{"):
            doc = parse_json(source, text)
        elif _url(text):
            doc = {"verify": {"url": text}}
        else:
            raise ImportFailed(source, "the baked badge data is neither JSON, a JWS nor a link")
    data, notes = map_document(doc, source, ctx, signature)
    note = "; ".join(notes)
    data = replace(data, verification_note=note[:2000])
    return ImportedCredential(data, tuple(attachments)), notes
