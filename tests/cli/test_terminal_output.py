"""Everything the CLI prints from data reaches the terminal made safe (issue #18, group 8).

A learner name, a credential title, a note or a file name can carry ESC sequences (retitle the
terminal, clear the screen), BEL, DEL, C1 controls or bidi overrides. Every command's output and
every error line show them as visible escapes instead.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from portfolio.db import Database
from portfolio.services.learners import create_learner
from portfolio.services.records import LearnerInput

HOSTILE = "Zoë\x1b]0;owned\x07\x1b[2J\x7f\u202eKolb"
RAW = ("\x1b", "\x07", "\x7f", "\u202e")


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in RAW if ch in text]


def test_learners_prints_a_hostile_name_as_visible_escapes(cli, db: Database) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        create_learner(session, LearnerInput(name=HOSTILE, headline="Data\x1b[31m analyst"))
    result = cli("--db", str(db.path), "learners")
    assert result.code == 0, result.err
    assert not _raw_controls(result.out), repr(result.out)
    assert "Zoë\\x1b]0;owned\\x07\\x1b[2J\\x7f\\u202eKolb" in result.out
    assert "Data\\x1b[31m analyst" in result.out


def test_an_error_naming_hostile_text_is_one_safe_line(cli, db: Database) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "--db",
        str(db.path),
        "export",
        "--learner",
        "Nobody\x1b[2J\nfake: line",
        "--format",
        "csv",
        "-o",
        str(db.path.parent / "x.csv"),
    )
    assert result.code == 1
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, repr(result.err)
    assert not _raw_controls(result.err)
    assert "Nobody\\x1b[2J\\x0afake: line" in result.err


def test_import_notes_show_a_hostile_zip_member_name_safely(
    cli, db: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "Certifications.csv", "Name,Authority,Started On\nAWS\x1b[2J,Amazon,Jan 2021\n"
        )
        archive.writestr("Profile.csv", "First Name,Last Name\nAda\x1b]0;x\x07,Lovelace\n")
        archive.writestr("notes\x1b]0;pwned\x07\u202etxt.csv", "x")
    path = tmp_path / "linkedin.zip"
    path.write_bytes(buffer.getvalue())
    result = cli("--db", str(db.path), "import", str(path), "--learner", "Ada", "--dry-run")
    assert result.code == 0, result.err
    assert "AWS\\x1b[2J" in result.out
    assert "notes\\x1b]0;pwned\\x07\\u202etxt.csv" in result.out  # the skipped member's name
    assert not _raw_controls(result.out), repr(result.out)


def test_the_progress_line_still_redraws_in_place_and_streams_are_restored(capsys) -> None:  # type: ignore[no-untyped-def]
    import sys

    from portfolio.cli.output import terminal_output

    before = (sys.stdout, sys.stderr)
    with terminal_output():
        print("\rImporting ESCO skills… 5%", end="", file=sys.stderr)
        print("\r\x1b[2K", file=sys.stderr)
        print("line one\nline two\x1b[31m")
    assert (sys.stdout, sys.stderr) == before
    captured = capsys.readouterr()
    assert captured.err == "\rImporting ESCO skills… 5%\r\\x1b[2K\n"
    assert captured.out == "line one\nline two\\x1b[31m\n"
