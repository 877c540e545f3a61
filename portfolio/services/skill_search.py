"""Skill search over the taxonomy.

Search runs on the `skill_fts` FTS5 table (migration 0002, kept in sync by triggers): it is
accent- and case-insensitive and matches word prefixes, then a small re-ranking puts an exact
label first, then labels that start with the query, then labels containing its words, then
alternative labels, then keywords.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from portfolio.models import Skill, SkillSource
from portfolio.text import fold

_WORD = re.compile(r"\w+")
_SOURCE_RANK = {
    SkillSource.BUILTIN: 0,
    SkillSource.ESCO: 1,
    SkillSource.CUSTOM: 2,
    SkillSource.IMPORTED: 3,
}


@dataclass(frozen=True)
class SkillHit:
    """One search result. `matched` names what matched: "label", "alt_label" or "keyword"."""

    id: int
    label: str
    category: str
    uri: str | None
    source: SkillSource
    matched: str
    matched_text: str = ""


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression: every word of `text` as a quoted prefix ("" when no words)."""
    words = _WORD.findall(fold(text))
    return " ".join(f'"{w}"*' for w in words)


def _word_prefix_match(words: Sequence[str], phrase_key: str) -> bool:
    target = _WORD.findall(phrase_key)
    return all(any(t.startswith(w) for t in target) for w in words)


# `rank` is bm25 weighted towards labels (configured in migration 0002).
_FTS_RANKED = text(
    "SELECT rowid, rank FROM skill_fts WHERE skill_fts MATCH :match ORDER BY rank LIMIT :pool"
)
# For one- or two-letter queries nearly every skill matches and ranking them all would cost
# tens of milliseconds; the label_key prefix lookup supplies the best ones instead.
_FTS_UNRANKED = text("SELECT rowid, 0.0 FROM skill_fts WHERE skill_fts MATCH :match LIMIT :pool")


def search_skills(session: Session, query: str, limit: int = 20) -> list[SkillHit]:
    """Skills matching `query`, best first (see the module docstring for the order).

    Labels are searched first; alternative labels and keywords only when the labels give
    fewer than `limit` hits (they would rank below every label match anyway), which keeps
    broad queries fast on the full ESCO set.
    """
    key = fold(query)
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    words = _WORD.findall(key)
    pool = max(100, limit * 5)
    # Exact and prefix label matches (the two best tiers) come straight from the label_key
    # index, shortest first; when they fill the page, no full-text ranking is needed at all.
    prefix_ids = session.scalars(
        select(Skill.id)
        .where(Skill.label_key >= key, Skill.label_key < key + "\U0010ffff")
        .order_by(func.length(Skill.label_key), Skill.label_key)
        .limit(pool)
    ).all()
    sql = _FTS_UNRANKED if len(words) == 1 and len(words[0]) <= 2 else _FTS_RANKED
    bm25: dict[int, float] = {}
    if len(prefix_ids) < limit:
        label_match = f"{{label}} : ({match})"
        for rowid, score in session.execute(sql, {"match": label_match, "pool": pool}):
            bm25[int(rowid)] = float(score)
    hits = _rank(session, key, words, set(bm25) | set(prefix_ids), bm25)
    if len(hits) < limit:
        more: dict[int, float] = {}
        for rowid, score in session.execute(sql, {"match": match, "pool": pool}):
            if int(rowid) not in bm25:
                more[int(rowid)] = float(score)
        known = {hit.id for _, hit in hits}
        extra = _rank(session, key, words, set(more) - known, more)
        hits = sorted([*hits, *extra], key=lambda pair: pair[0])
    return [hit for _, hit in hits[:limit]]


def _rank(
    session: Session, key: str, words: list[str], ids: set[int], bm25: dict[int, float]
) -> list[tuple[tuple[int, int, int, float, str], SkillHit]]:
    if not ids:
        return []
    rows = session.execute(
        select(
            Skill.id,
            Skill.label,
            Skill.label_key,
            Skill.category,
            Skill.uri,
            Skill.source,
            Skill.alt_labels,
            Skill.keywords,
        ).where(Skill.id.in_(ids))
    ).all()
    ranked = []
    for sid, label, label_key, category, uri, source, alts, keywords in rows:
        tier, matched, found = _tier(key, words, label_key, alts or [], keywords or [])
        if tier is None:
            continue
        length = len(label_key) if tier in (1, 2) else 0
        order = (tier, length, _SOURCE_RANK.get(source, 9), bm25.get(sid, 0.0), label_key)
        ranked.append((order, SkillHit(sid, label, category, uri, source, matched, found)))
    ranked.sort(key=lambda pair: pair[0])
    return ranked


def quick_fold(text: str) -> str:
    """`fold` with a fast path: for ASCII text, lower-casing and joining spaces is all it does."""
    return " ".join(text.lower().split()) if text.isascii() else fold(text)


def _tier(
    key: str, words: list[str], label_key: str, alts: list[str], keywords: list[str]
) -> tuple[int | None, str, str]:
    if label_key == key:
        return 0, "label", ""
    if label_key.startswith(key):
        return 1, "label", ""
    if _word_prefix_match(words, label_key):
        return 2, "label", ""
    best: tuple[int | None, str, str] = (None, "", "")
    for alt in alts:
        alt_key = quick_fold(alt)
        if alt_key == key:
            return 3, "alt_label", alt
        if best[0] is None and (alt_key.startswith(key) or _word_prefix_match(words, alt_key)):
            best = (4, "alt_label", alt)
    if best[0] is not None:
        return best
    for keyword in keywords:
        if _word_prefix_match(words, quick_fold(keyword)):
            return 5, "keyword", keyword
    # Matched by FTS across several fields (words split between label and alt labels).
    return 6, "keyword", ""
