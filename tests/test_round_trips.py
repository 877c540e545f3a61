"""What the app accepted survives its own export and import (issue #18, group 7).

Hostile but valid learners and credentials are made through the services (markup, formulas,
controls, bidi overrides, emoji, long text, any finite credit value), exported with
`portfolio export --format portfolio` and `--format jsonresume`, imported into another portfolio
with `portfolio import`, and compared. The portfolio file comes back byte for byte, as the README
promises. A value the app would have to refuse on the way back in (1e999, NaN) is refused on
the way in instead.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portfolio.dates import PartialDate
from portfolio.db import open_database
from portfolio.errors import ValidationError
from portfolio.models import CredentialKind, CreditUnit
from portfolio.services.credentials import create_credential, get_credential, list_credentials
from portfolio.services.learners import create_learner, get_learner, list_learners
from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput

# Characters people paste and attackers plant: markup, spreadsheet formulas, quotes, controls
# the terminal would act on, bidi overrides, zero-width marks, accents, emoji.
HOSTILE = st.sampled_from(
    [
        "<b>",
        "</i>",
        "&amp;",
        '"',
        "'",
        "=HYPERLINK(",
        "+cmd|",
        "-2+3",
        "@SUM",
        ",",
        ";",
        "\\",
        "\x1b[2J",
        "\x07",
        "\x7f",
        "\u202e",
        "\u2066",
        "\u200b",
        "\ufeff",
        "Zoë",
        "Łukasz",
        "😀",
        "\t",
    ]
)
TEXT = st.lists(st.one_of(HOSTILE, st.text(min_size=1, max_size=8)), max_size=8).map("".join)
LINE = TEXT.filter(lambda s: s.strip() != "" and "\x00" not in s).map(lambda s: s[:150])
CREDITS = st.one_of(st.none(), st.floats(min_value=0, max_value=100_000, allow_nan=False))


def _valid(text: str) -> bool:
    return "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@st.composite
def learners(draw: st.DrawFn) -> dict[str, Any]:
    credentials = []
    for _ in range(draw(st.integers(0, 3))):
        credits = draw(CREDITS)
        credentials.append(
            CredentialInput(
                title=draw(LINE),
                kind=draw(st.sampled_from(list(CredentialKind))),
                issuer=draw(st.one_of(st.just(""), LINE)),
                description=draw(TEXT),
                end_date=draw(st.one_of(st.none(), st.just(PartialDate(2021, 3)))),
                credit_value=credits,
                credit_unit=CreditUnit.CREDITS if credits is not None else None,
                tags=tuple(dict.fromkeys(draw(st.lists(LINE, max_size=2)))),
                skills=tuple(
                    SkillLinkInput(label=label)
                    for label in dict.fromkeys(
                        s.strip().casefold() for s in draw(st.lists(LINE, max_size=2))
                    )
                    if label
                ),
            )
        )
    learner = LearnerInput(
        name=draw(LINE), headline=draw(st.one_of(st.just(""), LINE)), summary=draw(TEXT)
    )
    return {"learner": learner, "credentials": credentials}


def _make(db_path: Path, person: dict[str, Any]) -> int | None:
    data: LearnerInput = person["learner"]
    texts = [data.name, data.headline, data.summary]
    for c in person["credentials"]:
        texts += [c.title, c.issuer, c.description, *c.tags, *(s.label for s in c.skills)]
    if not all(_valid(t) for t in texts):
        return None
    database = open_database(db_path)
    try:
        with database.session() as session:
            learner_id = create_learner(session, data)
            for credential in person["credentials"]:
                create_credential(session, learner_id, credential)
        return learner_id
    except ValidationError:
        return None  # not valid to begin with: nothing to round-trip
    finally:
        database.dispose()


def _stored(db_path: Path) -> dict[str, Any]:
    database = open_database(db_path)
    try:
        with database.read_session() as session:
            [summary] = list_learners(session)
            learner = get_learner(session, summary.id)
            creds = [get_credential(session, c.id) for c in list_credentials(session, summary.id)]
        return {
            "name": learner.name,
            "headline": learner.headline,
            "summary": learner.summary,
            "credentials": sorted(
                (
                    c.title,
                    c.issuer,
                    c.description,
                    c.credit_value,
                    tuple(sorted(c.tags)),
                    tuple(sorted(s.label for s in c.skills)),
                )
                for c in creds
            ),
        }
    finally:
        database.dispose()


# Cases found by the property tests, kept so they run every time.
FOUND = {
    "learner": LearnerInput(name="<b>\u202eZoë", headline="=cmd|", summary="\t<b>\n\tindented"),
    "credentials": [
        CredentialInput(
            "\x1b[2J BA",
            CredentialKind.DEGREE,
            issuer="Evil & Co",
            description="\tfirst line\n\x07second",
            credit_value=5e-324,  # the smallest float there is
            credit_unit=CreditUnit.CREDITS,
            tags=("@SUM(A1)",),
            skills=(SkillLinkInput(label="SQL \u200b"),),
        )
    ],
}

ROUND_TRIP = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@ROUND_TRIP
@given(person=learners())
@example(person=FOUND)
def test_the_portfolio_file_comes_back_byte_for_byte(cli, person: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        here, there = Path(folder) / "here.sqlite", Path(folder) / "there.sqlite"
        if _make(here, person) is None:
            return
        name = _stored(here)["name"]
        first, second = Path(folder) / "first.lpportfolio", Path(folder) / "second.lpportfolio"
        out = cli(
            "--db",
            str(here),
            "export",
            f"--learner={name}",
            "--format",
            "portfolio",
            "-o",
            str(first),
        )
        assert out.code == 0, out.err
        back = cli("--db", str(there), "import", str(first))
        assert back.code == 0, back.err
        assert _stored(there) == _stored(here)
        again = cli(
            "--db",
            str(there),
            "export",
            f"--learner={name}",
            "--format",
            "portfolio",
            "-o",
            str(second),
        )
        assert again.code == 0, again.err
        assert second.read_bytes() == first.read_bytes()


@ROUND_TRIP
@given(person=learners())
@example(person=FOUND)
def test_a_json_resume_export_imports_back_with_the_same_text(cli, person: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        here, there = Path(folder) / "here.sqlite", Path(folder) / "there.sqlite"
        if _make(here, person) is None:
            return
        before = _stored(here)
        resume = Path(folder) / "resume.json"
        out = cli(
            "--db",
            str(here),
            "export",
            f"--learner={before['name']}",
            "--format",
            "jsonresume",
            "-o",
            str(resume),
        )
        assert out.code == 0, out.err
        back = cli("--db", str(there), "import", str(resume), f"--learner={before['name']}")
        assert back.code == 0, back.err
        after = _stored(there)
        assert after["name"] == before["name"]
        assert after["summary"] == before["summary"]
        assert after["credentials"] == before["credentials"]


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e999])
def test_a_credit_value_no_file_could_carry_back_is_refused_on_the_way_in(
    tmp_path: Path, value: float
) -> None:
    database = open_database(tmp_path / "p.sqlite")
    try:
        with database.session() as session:
            learner_id = create_learner(session, LearnerInput(name="Zoë"))
        with (
            pytest.raises(ValidationError, match="Credits must be a number"),
            database.session() as session,
        ):
            create_credential(
                session,
                learner_id,
                CredentialInput(
                    "BA", CredentialKind.DEGREE, credit_value=value, credit_unit=CreditUnit.CREDITS
                ),
            )
    finally:
        database.dispose()


def test_infinite_credits_in_any_importer_are_refused_naming_the_file(
    cli, db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    resume = tmp_path / "resume.json"
    resume.write_text(
        '{"basics": {"name": "Zoë"}, "certificates": [{"name": "BA", "credits": 1e999}]}'
    )
    csv_file = tmp_path / "creds.csv"
    csv_file.write_text("title,credits\nBA,1e999\nMA,nan\n")
    for path in (resume, csv_file):
        result = cli("--db", str(db.path), "import", str(path), "--learner", "Zoë")
        assert result.code == 1, result.out
        assert result.err.startswith(f"error: {path.name}") and "credits" in result.err.lower()
    with db.read_session() as session:
        assert list_learners(session) == []
    assert json.loads(resume.read_text())["certificates"][0]["credits"] == math.inf


def test_every_stored_number_refuses_infinity_in_one_place(tmp_path: Path) -> None:
    # Recognised credits and pathway credits had no check at all: 1e999 was stored.
    from portfolio.models import PathwayRule
    from portfolio.services.goal_records import PathwayInput, PathwayItemInput
    from portfolio.services.pathways import create_pathway
    from portfolio.services.records import RecognitionInput

    database = open_database(tmp_path / "p.sqlite")
    try:
        with database.session() as session:
            learner_id = create_learner(session, LearnerInput(name="Zoë"))
        attempts = [
            lambda s: create_credential(
                s,
                learner_id,
                CredentialInput(
                    "BA",
                    CredentialKind.DEGREE,
                    recognitions=(RecognitionInput("SFU", credit_value=math.inf),),
                ),
            ),
            lambda s: create_pathway(
                s,
                learner_id,
                PathwayInput(
                    "MBA", PathwayRule.CREDITS, target_title="MBA", credits_required=1e999
                ),
            ),
            lambda s: create_pathway(
                s,
                learner_id,
                PathwayInput(
                    "MBA",
                    PathwayRule.ALL_OF,
                    target_title="MBA",
                    items=(PathwayItemInput(planned_title="Stats", credit_value=math.nan),),
                ),
            ),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError, match="must be a number"), database.session() as s:
                attempt(s)
    finally:
        database.dispose()
