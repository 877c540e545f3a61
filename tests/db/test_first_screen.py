"""The stdlib first-screen reader returns exactly what the services return."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from portfolio.dates import PartialDate
from portfolio.db import Database
from portfolio.db.cv_read import connect
from portfolio.db.first_screen import expiry_counts_fast, load_first_screen
from portfolio.enums import CredentialKind
from portfolio.errors import UserError
from portfolio.services.credentials import create_credential
from portfolio.services.expiry import expiry_counts
from portfolio.services.learners import create_learner, find_learner, get_learner, list_learners
from portfolio.services.records import CredentialInput, LanguageEntry, LearnerInput, Link


def _services(database: Database, name: str | None = None) -> tuple[object, ...]:
    with database.read_session() as s:
        learners = tuple(list_learners(s))
        chosen = find_learner(s, name).id if name else learners[0].id
        return learners, expiry_counts(s), get_learner(s, chosen)


def test_demo_first_screen_matches_the_services(demo_db: Database) -> None:
    for name in [None, *(x.name for x in _services(demo_db)[0])]:  # type: ignore[attr-defined]
        fast = load_first_screen(demo_db.path, learner_name=name)
        learners, expiring, record = _services(demo_db, name)
        assert (fast.learners, fast.expiring, fast.learner) == (learners, expiring, record)
    assert fast.learners and fast.expiring  # the demo really has expiring credentials


def test_learner_id_is_kept_when_it_exists_else_the_first(demo_db: Database) -> None:
    learners = _services(demo_db)[0]
    last = learners[-1].id  # type: ignore[index]
    assert load_first_screen(demo_db.path, learner_id=last).learner.id == last  # type: ignore[union-attr]
    first = load_first_screen(demo_db.path, learner_id=10_000).learner
    assert first is not None and first.id == learners[0].id  # type: ignore[index]


def test_empty_portfolio_has_no_learner(db: Database) -> None:
    screen = load_first_screen(db.path)
    assert screen.learners == () and screen.expiring == {} and screen.learner is None


def test_unknown_or_ambiguous_names_fail_as_find_learner_does(demo_db: Database) -> None:
    with demo_db.session() as s:
        create_learner(s, LearnerInput(name="Sam Other"))
    for name in ("Nobody at all", "Sam"):
        with demo_db.read_session() as s, pytest.raises(UserError) as orm:
            find_learner(s, name)
        with pytest.raises(type(orm.value)) as fast:
            load_first_screen(demo_db.path, learner_name=name)
        assert str(fast.value) == str(orm.value)


def test_hostile_profile_and_every_expiry_edge(db: Database) -> None:
    today = dt.date(2026, 3, 15)
    with db.session() as s:
        lid = create_learner(
            s,
            LearnerInput(
                name="<b>Zoë</b> & 陳大文",
                headline="Data <i>analyst</i>",
                links=(Link("LinkedIn", "https://linkedin.com/in/zoe"), Link("", "https://x.y")),
                summary="Line one\n\nLine <two>",
                cv_language="fr",
                languages=(LanguageEntry("Français", "native"), LanguageEntry("日本語", "basic")),
            ),
        )
        other = create_learner(s, LearnerInput(name="zoe lower"))
        expiries = [
            PartialDate(2026, 3, 14),  # expired yesterday
            PartialDate(2026, 3, 15),  # expires today
            PartialDate(2026, 2),  # month precision: expired end of February
            PartialDate(2026, 3),  # month precision: still valid until 31 March
            PartialDate(2026),  # year precision: 31 Dec, outside 90 days
            PartialDate(2026, 6, 13),  # exactly 90 days
            PartialDate(2026, 6, 14),  # 91 days: not listed
            None,
        ]
        for i, expiry in enumerate(expiries):
            create_credential(
                s,
                lid if i % 2 else other,
                CredentialInput(f"C{i}", CredentialKind.CERTIFICATE, issuer="", expiry_date=expiry),
            )
    conn = connect(db.path)
    try:
        fast = expiry_counts_fast(conn, today)
    finally:
        conn.close()
    with db.read_session() as s:
        assert fast == expiry_counts(s, today)
        assert sum(x.total for x in fast.values()) == 5
    screen = load_first_screen(db.path, learner_name="<b>Zoë</b>")
    assert screen.learner == _services(db, "<b>Zoë</b>")[2]
    assert screen.learners == _services(db)[0]


def test_reading_the_first_screen_imports_no_sqlalchemy(demo_db: Database) -> None:
    code = (
        "import sys; from pathlib import Path; "
        "from portfolio.db.first_screen import load_first_screen; "
        f"s = load_first_screen(Path({str(demo_db.path)!r}), learner_name='Samantha'); "
        "assert s.learner is not None; "
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
