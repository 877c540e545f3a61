"""The built-in skills taxonomy (resources/taxonomy/skills.json): loading and upgrading it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.assets import read_json
from portfolio.models import Skill, SkillSource
from portfolio.services.shipped_data import is_outdated, record_version
from portfolio.text import fold

VERSION_KEY = "builtin_taxonomy_version"


@cache
def builtin_taxonomy() -> dict[str, Any]:
    data: dict[str, Any] = read_json("taxonomy", "skills.json")
    return data


def needs_taxonomy(session: Session) -> bool:
    """True when the shipped taxonomy is newer than the one in the database (or none is)."""
    return is_outdated(session, VERSION_KEY, builtin_taxonomy()["version"])


def ensure_builtin_taxonomy(
    session: Session, progress: Callable[[int, int], None] | None = None
) -> bool:
    """Load or upgrade the built-in taxonomy; return False when it was already current.

    Skills are matched by their stable key; a custom skill typed earlier with the same label is
    adopted (it becomes the built-in skill, keeping every link to it) rather than duplicated.
    """
    if not needs_taxonomy(session):
        return False
    data = builtin_taxonomy()
    categories = {c["key"]: c["label"] for c in data["categories"]}
    by_key: dict[str | None, Skill] = {
        s.key: s for s in session.scalars(select(Skill).where(Skill.key.is_not(None)))
    }
    adoptable: dict[str, Skill] = {}
    for skill in session.scalars(
        select(Skill).where(
            Skill.key.is_(None), Skill.source.in_([SkillSource.CUSTOM, SkillSource.IMPORTED])
        )
    ):
        adoptable.setdefault(skill.label_key, skill)
    total = len(data["skills"])
    for index, item in enumerate(data["skills"]):
        found = by_key.get(item["key"]) or adoptable.pop(fold(item["label"]), None)
        skill = found if found is not None else Skill(label=item["label"])
        if found is None:
            session.add(skill)
        skill.key = item["key"]
        skill.label = item["label"]
        skill.label_key = fold(item["label"])
        skill.category = categories.get(item["category"], item["category"])
        skill.description = item.get("description", "")
        skill.alt_labels = list(item.get("alt_labels", []))
        skill.keywords = list(item.get("keywords", []))
        skill.source = SkillSource.BUILTIN
        if progress and index % 50 == 0:
            progress(index, total)
    record_version(session, VERSION_KEY, data["version"])
    if progress:
        progress(total, total)
    return True
