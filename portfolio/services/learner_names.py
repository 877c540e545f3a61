"""Which learner (or role, or CV variant) a typed name means: pure Python, one rule for all.

The rule, also in the README: the exact full name (case and accents ignored) wins; else the one
name that starts with the text, or has a word starting with it ("sam" and "kolb" both mean
Samantha Kolb); when several names match, nothing is picked and the error lists them; when none
does, the error names the close ones. The ORM services and the stdlib readers call the same
functions, so `export-cv` picks the same learner whichever path reads the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import TypeVar

from portfolio.errors import NotFound, UserError
from portfolio.services.records import LearnerSummary
from portfolio.text import fold

T = TypeVar("T")

# How many candidates an error lists before "and N more".
SHOWN = 5


def starts_a_word(wanted: str, folded_name: str) -> bool:
    """True when the folded text `wanted` begins `folded_name` or one of its words."""
    if not wanted:
        return False
    if folded_name.startswith(wanted):
        return True
    # Words split on spaces and on punctuation that often joins names ("Jean-Luc", "(MBA)").
    spaced = "".join(ch if ch.isalnum() else " " for ch in folded_name)
    return any(word.startswith(wanted) for word in spaced.split())


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown if len(names) <= SHOWN else f"{shown} and {len(names) - SHOWN} more"


def pick_by_name(
    items: Sequence[T],
    name: str,
    name_of: Callable[[T], str],
    *,
    noun: str,
    nouns: str,
    listing: str,
    not_found: Callable[[str], str] | None = None,
) -> T:
    """The item of `items` that `name` means, by the rule in this module's docstring.

    `noun`/`nouns` word the errors ("learner"/"learners"), `listing` is the sentence that says
    where the full list is; `not_found` may replace the first sentence of the "no match" error.
    """
    wanted = fold(name)
    shown = name.strip()
    exact = [item for item in items if fold(name_of(item)) == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise UserError(f"There are {len(exact)} {nouns} called “{shown}”; rename one of them.")
    partial = [item for item in items if starts_a_word(wanted, fold(name_of(item)))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = [name_of(item) for item in partial]
        raise UserError(
            f"“{shown}” matches {len(partial)} {nouns}: {_listed(names)}; give more of the name."
        )
    folded = {fold(name_of(item)): name_of(item) for item in items}
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.5)
    words = set(wanted.split())
    close += [key for key in folded if key not in close and words and words <= set(key.split())]
    hint = (
        f" Close matches: {', '.join(f'“{folded[key]}”' for key in close[:SHOWN])}."
        if close
        else ""
    )
    first = not_found(shown) if not_found else f"No {noun} called “{shown}”."
    raise NotFound(f"{first}{hint} {listing}".strip())


def pick_learner(learners: Sequence[LearnerSummary], name: str) -> LearnerSummary:
    """The learner called `name` (see the module docstring for the rule).

    `learners` is every learner in list order (by name), as `list_learners` returns them.
    """
    return pick_by_name(
        learners,
        name,
        lambda learner: learner.name,
        noun="learner",
        nouns="learners",
        listing="See `portfolio learners` for the list.",
    )


def confirms_name(typed: str, name: str) -> bool:
    """Whether `typed` is the learner's full `name` (case, accents and extra spaces ignored),
    as asked before deleting them: a prefix that would find the learner does not confirm."""
    return bool(fold(typed)) and fold(typed) == fold(name)
