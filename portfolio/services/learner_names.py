"""Which learner a typed name means: pure Python, shared by the ORM and the light CV reader."""

from __future__ import annotations

from collections.abc import Sequence

from portfolio.errors import NotFound, UserError
from portfolio.services.records import LearnerSummary
from portfolio.text import fold


def pick_learner(learners: Sequence[LearnerSummary], name: str) -> LearnerSummary:
    """The learner called `name` (case and accents ignored); a unique prefix also works.

    `learners` is every learner in list order (by name), as `list_learners` returns them.
    """
    wanted = fold(name)
    exact = [learner for learner in learners if fold(learner.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise UserError(f"There are {len(exact)} learners called “{name}”; rename one of them.")
    partial = (
        [learner for learner in learners if fold(learner.name).startswith(wanted)] if wanted else []
    )
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = ", ".join(learner.name for learner in partial[:5])
        raise UserError(f"“{name}” matches several learners ({names}); give the full name.")
    raise NotFound(f"No learner called “{name}”. See `portfolio learners` for the list.")


def same_name(learners: Sequence[LearnerSummary], name: str) -> list[LearnerSummary]:
    """The learners whose full name is `name`, case, accents and spacing ignored (no prefixes:
    a file naming "Jordan Lee" is not about "Jordan Leeson")."""
    wanted = fold(name)
    return [learner for learner in learners if wanted and fold(learner.name) == wanted]
