"""Versions of the data sets shipped in resources/ (taxonomy, roles, programs) in a portfolio.

Each data set records the version it last loaded in `app_meta`; a newer shipped version is
loaded over it. One place decides how versions compare and how they are recorded.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio.models import AppMeta


def version_tuple(version: str) -> tuple[int, ...]:
    """ "2026.11.1" -> (2026, 11, 1), for ordering versions."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def loaded_version(session: Session, key: str) -> str | None:
    meta = session.get(AppMeta, key)
    return meta.value if meta else None


def is_outdated(session: Session, key: str, shipped: str) -> bool:
    """True when `shipped` is newer than the version recorded under `key` (or none is)."""
    current = loaded_version(session, key)
    return current is None or version_tuple(shipped) > version_tuple(current)


def record_version(session: Session, key: str, version: str) -> None:
    meta = session.get(AppMeta, key) or AppMeta(key=key)
    meta.value = version
    session.add(meta)
    session.flush()
