"""The stdlib first-screen readers return exactly what the services return."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.dates import PartialDate
from portfolio.db import Database
from portfolio.db.first_screen import (
    expiry_counts_fast,
    learner_id_named,
    read_credential_rows,
    read_experience_rows,
    read_switcher,
)
from portfolio.db.stdlib_read import read_learner, snapshot
from portfolio.enums import CredentialKind, CredentialStatus, CreditUnit, ExperienceKind
from portfolio.errors import UserError
from portfolio.services.credentials import create_credential, list_credentials
from portfolio.services.experience import create_experience, list_experience
from portfolio.services.expiry import expiry_counts
from portfolio.services.learners import create_learner, find_learner, get_learner, list_learners
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LanguageEntry,
    LearnerInput,
    Link,
    SkillLinkInput,
)
from portfolio.text import fold


def _typed(rows: list[tuple[object, ...]]) -> list[list[tuple[type, object]]]:
    """Rows with each value's type: a StrEnum equals its text and True equals 1, so plain
    equality would not notice a reader returning "degree" or 1 where the service returns
    CredentialKind.DEGREE or True."""
    return [[(type(value), value) for value in row] for row in rows]


def _same_as_services(database: Database) -> int:
    """Compare every reader with its service for every learner; the number of rows compared."""
    compared = 0
    with database.read_session() as s:
        learners, expiring = list_learners(s), expiry_counts(s)
        assert snapshot(database.path, read_switcher) == (learners, expiring)
        for learner in learners:
            assert snapshot(database.path, lambda c, x=learner: learner_id_named(c, x.name)) == (
                find_learner(s, learner.name).id
            )
            assert snapshot(
                database.path, lambda c, x=learner: read_learner(c, x.id)
            ) == get_learner(s, learner.id)
            rows = snapshot(database.path, lambda c, x=learner: read_credential_rows(c, x.id))
            assert _typed(rows) == _typed(list_credentials(s, learner.id))
            jobs = snapshot(database.path, lambda c, x=learner: read_experience_rows(c, x.id))
            assert _typed(jobs) == _typed(list_experience(s, learner.id))
            compared += len(rows) + len(jobs)
    return compared


def test_demo_reads_the_same(demo_db: Database) -> None:
    assert _same_as_services(demo_db) > 10
    with demo_db.read_session() as s:
        assert expiry_counts(s)  # the demo really has expiring credentials to compare


def test_empty_portfolio(db: Database) -> None:
    assert snapshot(db.path, read_switcher) == ([], {})
    assert _same_as_services(db) == 0


def test_unknown_or_ambiguous_names_fail_as_find_learner_does(demo_db: Database) -> None:
    with demo_db.session() as s:
        create_learner(s, LearnerInput(name="Sam Other"))
    for name in ("Nobody at all", "Sam"):
        with demo_db.read_session() as s, pytest.raises(UserError) as orm:
            find_learner(s, name)
        with pytest.raises(type(orm.value)) as fast:
            snapshot(demo_db.path, lambda c, name=name: learner_id_named(c, name))
        assert str(fast.value) == str(orm.value)


def test_hostile_profile_rows_and_every_expiry_edge(db: Database) -> None:
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
        mine = None  # the last credential of `lid`: the next ones of lid stack into it
        for i, expiry in enumerate(expiries):
            made = create_credential(
                s,
                lid if i % 2 else other,
                CredentialInput(
                    f"C{i} <i>&amp;</i> 証明書",
                    list(CredentialKind)[i % len(CredentialKind)],
                    issuer="" if i % 3 else "Université <Laval>",
                    start_date=PartialDate(2010 + i) if i % 2 else None,
                    end_date=PartialDate(2021, 1 + i) if i % 4 else None,
                    expiry_date=expiry,
                    status=list(CredentialStatus)[i % len(CredentialStatus)],
                    credit_value=None if i % 2 else 1.5 * i,
                    credit_unit=None if i % 2 else list(CreditUnit)[i % len(CreditUnit)],
                    stacks_into_id=mine if i % 2 and i > 2 else None,
                    skills=tuple(SkillLinkInput(f"Skill {j} ä") for j in range(i % 4)),
                ),
            )
            mine = made if i % 2 else mine
        for i, kind in enumerate(ExperienceKind):
            create_experience(
                s,
                lid,
                ExperienceInput(
                    f"Rôle <b>{i}</b> & 職務",
                    organization="" if i % 2 else "Café <Numérique>",
                    kind=kind,
                    start_date=PartialDate(2015 + i, 1 + i) if i % 3 else None,
                    end_date=None if i % 2 else PartialDate(2024, 1 + i, 1 + i),
                    current=bool(i % 2),
                    skills=tuple(SkillLinkInput(f"Skill {j} ä") for j in range(i % 3)),
                ),
            )
    with db.read_session() as s:
        fast = snapshot(db.path, lambda c: expiry_counts_fast(c, today))
        assert fast == expiry_counts(s, today)
        assert sum(x.total for x in fast.values()) == 5
    assert _same_as_services(db) == len(expiries) + len(ExperienceKind)


# What a form accepts: any printable text (control characters and lone surrogates are refused).
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    titles=st.lists(_text.filter(str.strip), min_size=1, max_size=8),
    labels=st.lists(_text.filter(str.strip), max_size=5, unique_by=fold),
)  # fmt: skip
def test_any_titles_and_skill_labels(db: Database, titles: list[str], labels: list[str]) -> None:
    with db.session() as s:
        lid = create_learner(s, LearnerInput(name="Generated"))
        for title in titles:
            create_credential(
                s,
                lid,
                CredentialInput(
                    title,
                    CredentialKind.MICRO_CREDENTIAL,
                    skills=tuple(SkillLinkInput(label) for label in labels),
                ),
            )
    with db.read_session() as s:
        assert snapshot(db.path, lambda c: read_credential_rows(c, lid)) == list_credentials(s, lid)
    with db.session() as s:  # the next example starts empty again
        from portfolio.services.learners import delete_learner

        delete_learner(s, lid)


def test_reads_never_write(demo_db: Database) -> None:
    demo_db.dispose()
    before = demo_db.path.read_bytes()
    _same_as_services(demo_db)
    demo_db.dispose()
    assert demo_db.path.read_bytes() == before
    # and the connection it reads with refuses writes
    # (SQLite's SQLITE_READONLY, told to the user as a read-only file)
    with pytest.raises(UserError, match=r"is read-only\. Nothing was saved"):
        snapshot(demo_db.path, lambda c: c.execute("DELETE FROM learner"))


def test_reading_the_first_screen_imports_no_sqlalchemy(demo_db: Database) -> None:
    code = (
        "import sys; from pathlib import Path; "
        "from portfolio.db.stdlib_read import snapshot; "
        "from portfolio.db.first_screen import read_switcher, read_credential_rows; "
        f"path = Path({str(demo_db.path)!r}); "
        "learners, _ = snapshot(path, read_switcher); "
        "assert snapshot(path, lambda c: read_credential_rows(c, learners[0].id)); "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert Path(demo_db.path).exists()
