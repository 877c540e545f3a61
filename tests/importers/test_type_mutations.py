"""Every value of every importable document, replaced by a value of the wrong type or size.

A file of any shape either imports or is refused with a UserError (one line naming the file and
the field): never an internal error, never a value SQLite or urllib cannot take. Each seed is a
real document (our own fixtures, the third-party samples, a portfolio file of a demo learner);
each leaf (and each object or list) is swapped in turn for each value of HOSTILE, and the file
goes through the real path: read_paths -> plan_import -> apply_import (rolled back).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portfolio.db import Database
from portfolio.errors import UserError
from portfolio.importers.detect import read_paths
from portfolio.services.demo import load_demo
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import plan_import
from portfolio.services.learners import find_learner
from portfolio.services.portfolio_transfer import dump_learner

HOSTILE: tuple[Any, ...] = (
    None,
    True,
    "yes",
    "lots",
    -1,
    10**20,
    int("9" * 400),
    1.5e308,
    [],
    ["a", ["b"]],
    {},
    {"a": {"b": 1}},
    "http://[::1",
    "https://exa\uff0fmple.org/",  # a host that changes under NFKC (a fullwidth solidus)
    "x" * 3_000,
)

Path_ = tuple[str | int, ...]


def leaves(doc: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Every path into `doc`, containers included (the root excepted)."""
    if path:
        yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from leaves(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc[:1]):  # the first item stands for the rest
            yield from leaves(value, (*path, index))


def replaced(doc: Any, path: Path_, value: Any) -> Any:
    out = copy.deepcopy(doc)
    here = out
    for step in path[:-1]:
        here = here[step]
    here[path[-1]] = value
    return out


def run_import(db: Database, folder: Path, name: str, doc: Any) -> None:
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    bundles = read_paths([path])
    session = db.session_factory()
    try:
        # Into Samantha Kolb; a portfolio file always makes a new learner.
        target = "Mutation Case" if name.endswith(".lpportfolio") else "Samantha Kolb"
        plan = plan_import(session, bundles, target)
        apply_import(session, plan)
        session.flush()
    finally:
        session.rollback()
        session.close()


def mutation_failures(
    db: Database, folder: Path, name: str, seed: Any, *, every: int = 1
) -> list[str]:
    """Internal errors (and unclear messages) over every leaf of `seed` x HOSTILE; with
    `every=2` each leaf takes every other value, its neighbour the rest (for big seeds)."""
    failures = []
    for number, path in enumerate(leaves(seed)):
        for value in HOSTILE[number % every :: every]:
            try:
                run_import(db, folder, name, replaced(seed, path, value))
            except UserError as exc:
                message = str(exc)
                if "\n" in message or not message.startswith(name):
                    failures.append(f"{path} = {str(value)[:30]}: unclear message {message!r}")
            except Exception as exc:
                failures.append(f"{path} = {str(value)[:30]}: {type(exc).__name__}: {exc}"[:300])
    return failures


@pytest.fixture
def demo_db(db: Database) -> Database:
    with db.session() as session:
        load_demo(session)
    return db


def _seed(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "where",
    [
        ("data", "ob3_credential.json"),
        # An eddsa-jcs-2022 proof over test_data_integrity's achievement_credential().
        ("data", "ob3_data_integrity.json"),
        ("real", "openbadges/ob3-fullOpenBadge.json"),
        ("real", "openbadges/ob3-skillAssertionCase.json"),
        ("real", "openbadges/ob2-example-0-Assertion.json"),
        ("real", "jsonresume/sample.resume.json"),
    ],
    ids=lambda w: w[1],
)
def test_no_value_of_the_wrong_type_or_size_is_an_internal_error(
    demo_db: Database, tmp_path: Path, data_dir: Path, real_world: Any, where: tuple[str, str]
) -> None:
    origin, rel = where
    source = data_dir / "io" / rel if origin == "data" else real_world(*rel.split("/"))
    seed = _seed(source)
    big = len(list(leaves(seed))) > 100
    failures = mutation_failures(demo_db, tmp_path, Path(rel).name, seed, every=3 if big else 1)
    assert not failures, f"{len(failures)} internal errors:\n" + "\n".join(failures[:40])


@pytest.mark.slow
def test_no_value_of_a_portfolio_file_is_an_internal_error(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.read_session() as session:
        learner = find_learner(session, "Audrey Heath")
        assert learner is not None
        doc = dump_learner(session, learner.id)
    # One row per table stands for the rest (the checks are per column, not per row).
    doc["tables"] = {name: rows[:1] for name, rows in doc["tables"].items()}
    failures = mutation_failures(demo_db, tmp_path, "audrey.lpportfolio", doc)
    assert not failures, f"{len(failures)} internal errors:\n" + "\n".join(failures[:40])
