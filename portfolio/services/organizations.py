"""Issuers, institutions and employers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.models import Organization, OrgKind
from portfolio.services.records import OrganizationRecord
from portfolio.text import clean_line, fold


def _record(org: Organization) -> OrganizationRecord:
    return OrganizationRecord(org.id, org.name, org.kind, org.url, org.region, org.country)


def list_organizations(session: Session) -> list[OrganizationRecord]:
    """Every known organization, by name (for autocompletion)."""
    rows = session.scalars(select(Organization).order_by(Organization.name_key))
    return [_record(org) for org in rows]


def get_or_create(
    session: Session,
    name: str,
    kind: OrgKind | None = None,
    *,
    url: str = "",
    region: str = "",
    country: str = "",
) -> Organization | None:
    """The organization called `name` (ignoring case and accents), created if new; None if blank.

    Details given for an existing organization fill its empty fields but never overwrite them.
    """
    clean = clean_line(name)
    if not clean:
        return None
    key = fold(clean)
    org = session.scalar(select(Organization).where(Organization.name_key == key))
    if org is None:
        org = Organization(
            name=clean,
            name_key=key,
            kind=kind or OrgKind.OTHER,
            url=url,
            region=region,
            country=country,
        )
        session.add(org)
        session.flush()
        return org
    if kind is not None and org.kind == OrgKind.OTHER:
        org.kind = kind
    org.url = org.url or url
    org.region = org.region or region
    org.country = org.country or country
    return org
