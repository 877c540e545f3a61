"""Access to the data shipped in `resources/` (installed as `portfolio.resources`)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


@cache
def _root() -> Traversable:
    try:
        return files("portfolio.resources")
    except ModuleNotFoundError:
        # `python -m portfolio` run inside a source checkout imports the checkout's portfolio/,
        # which has no resources subpackage: the folder sits beside it at the top level.
        checkout = Path(__file__).resolve().parent.parent / "resources"
        if checkout.is_dir():
            return checkout
        raise


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/, from a wheel, an editable install or a checkout."""
    node = _root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_json(*parts: str) -> Any:
    return json.loads(resource(*parts).read_text(encoding="utf-8"))
