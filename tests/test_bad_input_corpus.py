"""A corpus of hostile and broken inputs, each held to the same promise.

Every case is one row of CASES: a layer (form, cli, opener, file), what it does, and what must
happen: either REFUSED (a UserError whose message is one short sentence, and nothing written:
row counts and file bytes unchanged) or KEPT (stored exactly, as plain text). After every case
a normal save must still succeed.

To add a case (importers, exports...): write a function `(w: World) -> object` and append a
`Case(...)` row; `assert_promise` does the rest.
"""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from portfolio.dates import PartialDate, parse_field
from portfolio.db import Database, open_database
from portfolio.db.backup import create_backup
from portfolio.db.restore import restore_file
from portfolio.errors import UserError
from portfolio.fileio import atomic_write
from portfolio.models import Base, CredentialKind
from portfolio.services.credentials import create_credential, get_credential
from portfolio.services.experience import create_experience
from portfolio.services.learners import create_learner, get_learner
from portfolio.services.records import (
    CredentialInput,
    ExperienceInput,
    LearnerInput,
    Link,
    SkillLinkInput,
)

REFUSED = "refused"
KEPT = "kept"
HUGE = "x" * 100_000


@dataclass
class World:
    db: Database
    folder: Path
    learner_id: int
    cli: Callable[..., Any]
    other_learner_credential: int = 0
    scratch: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    id: str
    layer: str  # "form" | "cli" | "opener" | "file"
    run: Callable[[World], Any]
    expect: str = REFUSED
    words: str = ""  # a fragment the message must contain (REFUSED)
    check: Callable[[World, Any], None] | None = None  # what must be true (KEPT)


# -- helpers used by the cases ---------------------------------------------------------------


def learner(**fields: Any) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        with w.db.session() as session:
            return create_learner(session, LearnerInput(**{"name": "Case Learner", **fields}))

    return run


def credential(**fields: Any) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        data = {"title": "Case Credential", "kind": CredentialKind.COURSE, **fields}
        if data.get("stacks_into_id") == "other":
            data["stacks_into_id"] = w.other_learner_credential
        with w.db.session() as session:
            return create_credential(session, w.learner_id, CredentialInput(**data))

    return run


def experience(**fields: Any) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        with w.db.session() as session:
            return create_experience(
                session, w.learner_id, ExperienceInput(**{"title": "Case Job", **fields})
            )

    return run


def typed_date(value: str) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        date = parse_field("end_date", "End date", value)
        return credential(end_date=date)(w)

    return run


def learner_kept_as(field_name: str, value: str) -> Callable[[World, Any], None]:
    def check(w: World, learner_id: Any) -> None:
        with w.db.read_session() as session:
            assert getattr(get_learner(session, learner_id), field_name) == value

    return check


def credential_kept(**expected: Any) -> Callable[[World, Any], None]:
    def check(w: World, cred_id: Any) -> None:
        with w.db.read_session() as session:
            record = get_credential(session, cred_id)
        for name, value in expected.items():
            assert getattr(record, name) == value, name

    return check


def file_of(content: bytes, name: str = "input.sqlite") -> Callable[[World], Path]:
    def make(w: World) -> Path:
        path = w.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    return make


def truncated_portfolio(w: World) -> Path:
    good = w.db.path.read_bytes()
    return file_of(good[: len(good) // 3])(w)


def foreign_sqlite(w: World) -> Path:
    path = w.folder / "inputs" / "places.sqlite"
    path.parent.mkdir(exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    return path


def a_folder(w: World) -> Path:
    path = w.folder / "inputs" / "a-folder.sqlite"
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_only_folder(w: World) -> Path:
    """A folder this process cannot write to, even as root (/sys), else a chmod-ed one."""
    if os.geteuid() != 0:
        path = w.folder / "inputs" / "read-only"
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o500)
        return path
    if (os.path.isdir("/sys") and not os.access("/sys", os.W_OK | os.X_OK)) or _unwritable("/sys"):
        return Path("/sys")
    pytest.skip("no folder is read-only for this user")


def _unwritable(folder: str) -> bool:
    try:
        fd = os.open(os.path.join(folder, ".probe"), os.O_CREAT | os.O_WRONLY, 0o600)
    except OSError:
        return True
    os.close(fd)
    os.unlink(os.path.join(folder, ".probe"))
    return False


def cli_on(make: Callable[[World], Path], *args: str) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return w.cli("--db", str(make(w)), *args)

    return run


def opener(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        database = open_database(make(w), backup_dir=w.folder / "inputs" / "backups")
        database.dispose()

    return run


def restore_from(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return restore_file(w.db.path, make(w), backup_dir=w.folder / "backups")

    return run


def write_into(
    make_folder: Callable[[World], Path], name: str = "cv.pdf"
) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        atomic_write(make_folder(w) / name, b"%PDF-1.4 not really")

    return run


def backup_to(make: Callable[[World], Path]) -> Callable[[World], Any]:
    def run(w: World) -> Any:
        return create_backup(w.db.path, "manual", target=make(w) / "copy.sqlite")

    return run


# -- the corpus -------------------------------------------------------------------------------

CASES = [
    # Learner form
    Case("learner-empty-name", "form", learner(name=""), words="Name is required"),
    Case("learner-blank-name", "form", learner(name=" \t\n "), words="Name is required"),
    Case("learner-100k-name", "form", learner(name=HUGE), words="Name is too long"),
    Case("learner-nul-in-name", "form", learner(name="Zoë\x00Kolb"), words="NUL"),
    Case("learner-lone-surrogate", "form", learner(name="Zo\ud800ë"), words="invalid characters"),
    Case(
        "learner-markup-name",
        "form",
        learner(name="<b>Zoë</b><script>alert(1)</script> & Co"),
        KEPT,
        check=learner_kept_as("name", "<b>Zoë</b><script>alert(1)</script> & Co"),
    ),
    Case(
        "learner-bidi-and-zero-width",
        "form",
        learner(name="Ali\u202eecila\u200b"),
        KEPT,
        check=learner_kept_as("name", "Ali\u202eecila\u200b"),
    ),
    Case("learner-email-no-at", "form", learner(email="zoe.example.org"), words="Email"),
    Case("learner-javascript-site", "form", learner(website="javascript:alert(1)"), words="http"),
    Case("learner-mixed-case-js", "form", learner(website="JaVaScRiPt:alert(1)"), words="http"),
    Case(
        "learner-file-link",
        "form",
        learner(links=(Link("Home", "file:///etc/passwd"),)),
        words="http",
    ),
    Case("learner-url-with-space", "form", learner(website="https://ex ample.org"), words="spaces"),
    Case("learner-2m-summary", "form", learner(summary="y" * 2_000_001), words="too long"),
    Case(
        "learner-100k-summary",
        "form",
        learner(summary=HUGE),
        KEPT,
        check=learner_kept_as("summary", HUGE),
    ),
    # Credential form
    Case("credential-empty-title", "form", credential(title="   "), words="Title is required"),
    Case("credential-100k-title", "form", credential(title=HUGE), words="Title is too long"),
    Case(
        "credential-100k-description",
        "form",
        credential(description=HUGE),
        KEPT,
        check=credential_kept(description=HUGE),
    ),
    Case(
        "credential-end-before-start",
        "form",
        credential(start_date=PartialDate(2020, 5), end_date=PartialDate(2019)),
        words="End date is before",
    ),
    Case(
        "credential-expiry-before-issue",
        "form",
        credential(end_date=PartialDate(2021, 6), expiry_date=PartialDate(2020, 1)),
        KEPT,
        check=lambda w, cid: (
            credential_kept()(w, cid) or _flagged(w, cid, "Expiry is before the issue date")
        ),
    ),
    Case("credential-nan-credits", "form", credential(credit_value=math.nan), words="number"),
    Case("credential-inf-credits", "form", credential(credit_value=math.inf), words="number"),
    Case("credential-negative-credits", "form", credential(credit_value=-3.0), words="negative"),
    Case("credential-nan-duration", "form", credential(duration_value=math.nan), words="number"),
    Case(
        "credential-javascript-verify",
        "form",
        credential(verification_url="javascript:fetch('//evil')"),
        words="http",
    ),
    Case(
        "credential-data-url-evidence",
        "form",
        credential(evidence_links=("data:text/html,<script>1</script>",)),
        words="http",
    ),
    Case(
        "credential-duplicate-skills",
        "form",
        credential(skills=(SkillLinkInput("SQL"), SkillLinkInput(" sql "))),
        words="listed twice",
    ),
    Case(
        "credential-unnamed-skill", "form", credential(skills=(SkillLinkInput(""),)), words="name"
    ),
    Case(
        "credential-stacks-into-other-learner",
        "form",
        credential(stacks_into_id="other"),
        words="Stacks into",
    ),
    Case("credential-nul-in-notes", "form", credential(notes="a\x00b"), words="NUL"),
    # Dates as typed
    Case("date-impossible-day", "form", typed_date("2021-02-30"), words="End date"),
    Case("date-month-13", "form", typed_date("2021-13"), words="End date"),
    Case("date-year-zero", "form", typed_date("0000"), words="End date"),
    Case("date-words", "form", typed_date("next spring"), words="not a date"),
    Case(
        "date-partial-kept",
        "form",
        typed_date("Sep 2017"),
        KEPT,
        check=credential_kept(end_date=PartialDate(2017, 9)),
    ),
    # Experience form
    Case("experience-empty-title", "form", experience(title=""), words="Title is required"),
    Case(
        "experience-end-before-start",
        "form",
        experience(start_date=PartialDate(2022), end_date=PartialDate(2021)),
        words="End date is before",
    ),
    Case("experience-javascript-url", "form", experience(url="javascript:void(0)"), words="http"),
    Case(
        "experience-surrogate-highlight",
        "form",
        experience(highlights=("led \udfff team",)),
        words="invalid characters",
    ),
    # The database opener and the command line, with broken files
    Case("open-zero-byte", "opener", opener(file_of(b"")), words="empty file"),
    Case("open-truncated", "opener", opener(truncated_portfolio), words="damaged"),
    Case("open-foreign-sqlite", "opener", opener(foreign_sqlite), words="another application"),
    Case("open-a-folder", "opener", opener(a_folder), words="folder"),
    Case(
        "cli-cp1252-text-as-db",
        "cli",
        cli_on(file_of("Zoë;Kolb;café\r\n".encode("cp1252"), "people.csv"), "learners"),
        words="not an SQLite file",
    ),
    Case(
        "cli-bom-csv-as-db",
        "cli",
        cli_on(file_of(b"\xef\xbb\xbfname,email\r\nZo\xc3\xab,z@x.org\r\n", "bom.csv"), "learners"),
        words="not an SQLite file",
    ),
    Case("cli-truncated-db", "cli", cli_on(truncated_portfolio, "learners"), words="damaged"),
    Case("cli-folder-as-db", "cli", cli_on(a_folder, "demo"), words="folder"),
    Case("cli-zero-byte-backup", "cli", cli_on(file_of(b""), "backup"), words="empty file"),
    Case("cli-check-foreign", "cli", cli_on(foreign_sqlite, "check"), words="another application"),
    # Restore and backup with broken inputs
    Case("restore-zero-byte", "file", restore_from(file_of(b"", "b.sqlite")), words="empty file"),
    Case("restore-foreign", "file", restore_from(foreign_sqlite), words="another application"),
    Case("restore-a-folder", "file", restore_from(a_folder), words="folder"),
    Case("restore-truncated", "file", restore_from(truncated_portfolio), words="damaged"),
    Case("backup-into-read-only", "file", backup_to(read_only_folder), words="Cannot write"),
    # Atomic writes (PDF, CSV exports use the same function)
    Case("write-into-read-only", "file", write_into(read_only_folder), words="Cannot write"),
    Case("write-onto-a-folder", "file", write_into(a_folder, ""), words="folder"),
    Case(
        "write-into-missing-folder",
        "file",
        write_into(lambda w: w.folder / "missing" / "deeper"),
        words="does not exist",
    ),
]


def _flagged(w: World, cred_id: int, message: str) -> None:
    with w.db.read_session() as session:
        assert message in get_credential(session, cred_id).flags


# -- the shared promise ----------------------------------------------------------------------


def row_counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in Base.metadata.tables
        }


def file_digests(folder: Path) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix not in (".log", ".lock") and "logs" not in path.parts:
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def is_sentence(message: str) -> bool:
    words = message.split()
    return (
        len(words) >= 3
        and "\n" not in message.strip()
        and len(message) <= 600  # a 100,000-character field is never echoed back
        and "Traceback" not in message
        and "Errno" not in message
    )


def assert_promise(case: Case, w: World) -> None:
    counts = row_counts(w.db)
    files = file_digests(w.folder)
    if case.expect == KEPT:
        result = case.run(w)
        assert case.check is not None
        case.check(w, result)
    elif case.layer == "cli":
        result = case.run(w)
        assert result.code == 1, (result.out, result.err)
        assert "Traceback" not in result.err
        # Errors go to stderr as "error: ..."; `check` reports "problem: ..." lines on stdout.
        if result.err:
            assert result.err.startswith("error: ")
            message = result.err.removeprefix("error: ").strip()
        else:
            assert result.out.startswith("problem: ")
            message = result.out.removeprefix("problem: ").strip()
        assert is_sentence(message), message
        assert case.words in message
    else:
        with pytest.raises(UserError) as info:
            case.run(w)
        message = str(info.value)
        assert is_sentence(message), message
        assert case.words in message, message
    if case.expect == REFUSED:
        assert row_counts(w.db) == counts, "a refused input changed the database"
        # Inputs the case itself created may appear; nothing that existed before may change.
        after = file_digests(w.folder)
        assert {p: d for p, d in after.items() if p in files} == files
        assert not [p for p in after if p.endswith(".partial") or "restoring" in p]
    # The app is still usable: a normal save succeeds.
    with w.db.session() as session:
        create_learner(session, LearnerInput(name="Normal Save After " + case.id))
    assert row_counts(w.db)["learner"] >= counts["learner"] + 1


@pytest.fixture
def world(db: Database, cli, tmp_path: Path) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        mine = create_learner(session, LearnerInput(name="Corpus Learner"))
        other = create_learner(session, LearnerInput(name="Someone Else"))
        theirs = create_credential(
            session, other, CredentialInput(title="Their BA", kind=CredentialKind.DEGREE)
        )
    yield World(db, tmp_path, mine, cli, theirs)


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.layer for case in CASES} == {"form", "cli", "opener", "file"}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_clear_message_and_loses_nothing(case: Case, world: World) -> None:
    assert_promise(case, world)
