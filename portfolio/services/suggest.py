"""Skill suggestions from what a credential says about itself: title, description, issuer, tags.

Matching is done against an in-memory index of every skill's label, alternative labels and
keywords (built once per taxonomy state and cached):

- a label or alternative label found as a phrase in the text scores most, longer phrases more,
  and words in the title or tags count more than words in the description or issuer;
- a multi-word label whose words all appear somewhere in the text ("marketing" in the title,
  "analytics" in the description) scores a little less;
- a keyword scores less still, and words shared by many skills count for less (like IDF);
- misspelt words are corrected to the nearest taxonomy word with difflib before matching;
- skills in a category that already has strong matches get a small boost, so the bootcamp's
  "analytics" means marketing analytics rather than data analytics.
"""

from __future__ import annotations

import difflib
import gc
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.models import Skill, SkillSource
from portfolio.services.skill_search import quick_fold
from portfolio.text import fold

_WORD = re.compile(r"\w+")
MAX_PHRASE_WORDS = 5
LABEL, ALT, KEYWORD = 1.0, 0.85, 0.4
BAG = 0.55
FIELD_WEIGHTS = {"title": 3.0, "tags": 2.5, "description": 1.0, "issuer": 0.4}
# Words that say what kind of learning it was, not what was learned.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "be",
        "this",
        "that",
        "into",
        "its",
        "it",
        "our",
        "your",
        "course",
        "courses",
        "program",
        "programme",
        "programs",
        "bootcamp",
        "micro",
        "credential",
        "credentials",
        "certificate",
        "certification",
        "certified",
        "online",
        "week",
        "weeks",
        "month",
        "months",
        "day",
        "days",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "eight",
        "credit",
        "credits",
        "practical",
        "introduction",
        "intro",
        "basics",
        "fundamentals",
        "level",
        "skill",
        "skills",
        "training",
        "pilot",
        "forward",
        "canada",
        "canadian",
        "university",
        "college",
        "school",
        "learning",
        "learner",
        "learners",
        "set",
        "targeted",
        "run",
        "delivered",
        "part",
        "including",
    ]
)
_SOURCE_RANK = {SkillSource.BUILTIN: 0, SkillSource.ESCO: 1, SkillSource.CUSTOM: 2}


@dataclass(frozen=True)
class Suggestion:
    skill_id: int
    label: str
    category: str
    uri: str | None
    source: SkillSource
    score: float
    reason: str  # e.g. "title mentions “Writing”"


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(quick_fold(text))]


@dataclass
class _Index:
    phrases: dict[str, list[tuple[int, float, str]]] = field(default_factory=dict)
    bags: dict[str, list[tuple[int, frozenset[str], str]]] = field(default_factory=dict)
    info: dict[int, tuple[str, str, str | None, SkillSource]] = field(default_factory=dict)
    vocab: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    _seen: set[tuple[str, int]] = field(default_factory=set)

    def add(self, skill_id: int, text: str, weight: float) -> None:
        words = words_of(text)
        if not words or len(words) > MAX_PHRASE_WORDS:
            return
        key = " ".join(words)
        if (key, skill_id) in self._seen:
            return  # the label wins over an alternative label or keyword saying the same
        self._seen.add((key, skill_id))
        self.phrases.setdefault(key, []).append((skill_id, weight, text))
        if weight >= ALT and len(words) > 1:
            content = frozenset(w for w in words if w not in STOPWORDS)
            if len(content) > 1:
                # Every word must be in the text, so filing it under one of them is enough.
                self.bags.setdefault(min(content), []).append((skill_id, content, text))
        for w in words:
            if w not in self.known:
                self.known.add(w)
                if len(w) >= 5:
                    self.vocab.setdefault((w[0], len(w)), []).append(w)


_cache_lock = threading.Lock()
_cache: dict[tuple[object, ...], _Index] = {}


def _fingerprint(session: Session) -> tuple[object, ...]:
    count, max_id, max_updated = session.execute(
        select(func.count(Skill.id), func.max(Skill.id), func.max(Skill.updated_at))
    ).one()
    return (str(session.get_bind().engine.url), count, max_id, str(max_updated))


def _index(session: Session) -> _Index:
    key = _fingerprint(session)
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    index = _Index()
    # Hundreds of thousands of small tuples: the cyclic GC would rescan them over and over.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        _fill(index, session)
    finally:
        if gc_was_enabled:
            gc.enable()
    with _cache_lock:
        _cache.clear()  # one taxonomy state is enough; old ones are stale
        _cache[key] = index
    return index


def _fill(index: _Index, session: Session) -> None:
    rows = session.execute(
        select(
            Skill.id,
            Skill.label,
            Skill.category,
            Skill.uri,
            Skill.source,
            Skill.alt_labels,
            Skill.keywords,
        )
    )
    for sid, label, category, uri, source, alts, keywords in rows:
        index.info[sid] = (label, category, uri, source)
        index.add(sid, label, LABEL)
        for alt in alts or ():
            index.add(sid, alt, ALT)
        for keyword in keywords or ():
            index.add(sid, keyword, KEYWORD)


def warm_up(session: Session) -> None:
    """Build the suggestion index now (at start-up, off the UI thread) so the first
    suggestion is instant."""
    _index(session)


def _correct(index: _Index, word: str) -> str:
    if word in index.known or len(word) < 5 or word in STOPWORDS:
        return word
    pool: list[str] = []
    for length in (len(word) - 1, len(word), len(word) + 1):
        pool.extend(index.vocab.get((word[0], length), ()))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.86)
    return close[0] if close else word


def suggest_skills(
    session: Session,
    title: str,
    description: str = "",
    issuer: str = "",
    tags: Sequence[str] = (),
    exclude: Iterable[int] = (),
    limit: int = 8,
) -> list[Suggestion]:
    """Skills the credential probably proves, best first; `exclude` drops ids already linked."""
    index = _index(session)
    fields = {
        "title": [_correct(index, w) for w in words_of(title)],
        "tags": [],
        "description": [_correct(index, w) for w in words_of(description)],
        "issuer": words_of(issuer),
    }
    tag_words: list[list[str]] = [[_correct(index, w) for w in words_of(t)] for t in tags]
    hits: dict[int, list[tuple[float, str]]] = {}

    def scan(name: str, words: list[str]) -> None:
        weight = FIELD_WEIGHTS[name]
        covered: set[int] = set()  # positions inside a longer label already matched
        for size in range(MAX_PHRASE_WORDS, 0, -1):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if size == 1 and gram[0] in STOPWORDS:
                    continue
                entries = index.phrases.get(" ".join(gram))
                if not entries:
                    continue
                span = set(range(start, start + size))
                # "digital" inside "digital marketing" is not a claim of digital skills.
                inside = 0.3 if span <= covered else 1.0
                if size > 1:
                    covered |= span
                # A phrase shared by many skills says little about any one of them.
                rarity = 1.0 / (1.0 + math.log(len(entries))) if size == 1 else 1.0
                length = (1.0 + 0.3 * (size - 1)) * inside
                for sid, kind, text in entries:
                    what = f"{name} mentions “{text}”"
                    hits.setdefault(sid, []).append((kind * weight * length * rarity, what))

    for name, words in fields.items():
        scan(name, words)
    for words in tag_words:
        scan("tags", words)

    everything = {w for words in [*fields.values(), *tag_words] for w in words}
    for word in everything:
        for sid, content, text in index.bags.get(word, ()):
            if content <= everything:
                hits.setdefault(sid, []).append((BAG, f"the text mentions “{text}”"))

    excluded = set(exclude)
    scores: dict[int, tuple[float, str]] = {}
    for sid, found in hits.items():
        if sid in excluded:
            continue
        found.sort(key=lambda pair: -pair[0])
        best, reason = found[0]
        rest = sum(score for score, _ in found[1:])
        scores[sid] = (best + 0.3 * min(rest, best), reason)

    strong_by_category: dict[str, set[int]] = {}
    for sid, (score, _) in scores.items():
        category = index.info[sid][1]
        if score >= 1.0 and category:
            strong_by_category.setdefault(category, set()).add(sid)
    ranked: list[Suggestion] = []
    seen_labels: dict[str, int] = {}
    for sid, (score, reason) in scores.items():
        label, category, uri, source = index.info[sid]
        others = len(strong_by_category.get(category, set()) - {sid})
        score += 0.2 * min(others, 2)
        if score < 0.5:
            continue
        ranked.append(Suggestion(sid, label, category, uri, source, round(score, 3), reason))
    ranked.sort(key=lambda s: (-s.score, _SOURCE_RANK.get(s.source, 9), fold(s.label)))
    out: list[Suggestion] = []
    for suggestion in ranked:
        # The same skill from two frameworks ("Public speaking", "public speaking"): show one.
        label_key = fold(suggestion.label)
        if label_key in seen_labels:
            continue
        seen_labels[label_key] = suggestion.skill_id
        out.append(suggestion)
        if len(out) >= limit:
            break
    return out
