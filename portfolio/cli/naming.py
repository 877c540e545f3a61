"""Saying which learner, role or variant a command used when the typed name was not exact."""

from __future__ import annotations

import sys

from portfolio.text import fold


def announce(kind: str, typed: str | None, chosen: str) -> None:
    """Print `using learner: Samantha Kolb` (to stderr) unless `typed` was the exact name.

    The match itself follows one rule for every command (`portfolio.services.learner_names`);
    this line makes a shortened name visible, so a command never picks someone silently.
    """
    if typed is not None and fold(typed) != fold(chosen):
        print(f"using {kind}: {chosen}", file=sys.stderr)


def described(learner: str, *, variant: str = "", role: str = "") -> str:
    """“Samantha Kolb (variant “Digital marketing”, role “Digital Marketing Coordinator”)”."""
    parts = [f"variant “{variant}”" if variant else "", f"role “{role}”" if role else ""]
    extra = ", ".join(filter(None, parts))
    return f"{learner} ({extra})" if extra else learner
