"""Saying which learner, role or variant a command used when the typed name was not exact."""

from __future__ import annotations

import argparse
import sys
from typing import Any

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


LEARNER_HELP = (
    "the learner's full name, or the start of the name or of one of its words (“sam” for "
    "Samantha Kolb) when only one learner matches; see `portfolio learners`"
)
ROLE_HELP = (
    "the target role's full name, or the start of the name or of one of its words when only "
    "one role matches; see `portfolio roles`"
)


class ExampleFormatter(argparse.HelpFormatter):
    """Wraps the description as usual but prints the examples' lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("Example"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def examples(*lines: str) -> dict[str, Any]:
    """Keyword arguments for `add_parser` that end the command's --help with examples."""
    text = "Example:" if len(lines) == 1 else "Examples:"
    return {
        "epilog": "\n".join([text, *(f"  {line}" for line in lines)]),
        "formatter_class": ExampleFormatter,
    }
