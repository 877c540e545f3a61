"""Access to the data shipped in `resources/` (installed as `portfolio.resources`)."""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def resource(*parts: str) -> Traversable:
    """A file or folder under resources/, from a wheel, an editable install or a checkout."""
    node = files("portfolio.resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_json(*parts: str) -> Any:
    return json.loads(resource(*parts).read_text(encoding="utf-8"))
