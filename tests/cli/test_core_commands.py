"""The command-line contract: names, output, exit codes, never a traceback."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def test_demo_is_idempotent_and_learners_lists_names_first(cli, home: Path) -> None:
    first = cli("demo")
    assert first.code == 0
    assert "Samantha Kolb" in first.out
    again = cli("demo")
    assert again.code == 0
    assert "nothing added" in again.out
    listing = cli("learners")
    assert listing.code == 0
    names = [line.split("\t")[0] for line in listing.out.splitlines()]
    assert names == ["Audrey Heath", "Daniel Moreau", "Samantha Kolb"]
    db_file = home / "portfolio.sqlite"
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_db_option_and_environment_choose_the_file(cli, tmp_path: Path, monkeypatch) -> None:
    chosen = tmp_path / "client.sqlite"
    assert cli("--db", str(chosen), "demo").code == 0
    assert chosen.exists()
    monkeypatch.setenv("PORTFOLIO_DB", str(chosen))
    assert "Samantha Kolb" in cli("learners").out


def test_check_reports_ok_and_problems(cli, tmp_path: Path) -> None:
    cli("demo")
    ok = cli("check")
    assert ok.code == 0
    assert ok.out.startswith("ok:")
    assert "3 learner(s)" in ok.out
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    bad = cli("--db", str(empty), "check")
    assert bad.code == 1
    assert "empty file" in bad.out
    missing = cli("--db", str(tmp_path / "none.sqlite"), "check")
    assert missing.code == 1
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty file"), (b"just text\n", "not an SQLite file")],
)
def test_user_errors_print_one_line_and_exit_1(cli, tmp_path: Path, content, words) -> None:
    path = tmp_path / "p.sqlite"
    path.write_bytes(content)
    result = cli("--db", str(path), "learners")
    assert result.code == 1
    assert result.err.startswith("error: ")
    assert words in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert path.read_bytes() == content


def test_usage_errors_exit_2(cli) -> None:
    assert cli("no-such-command").code == 2
    assert cli("learners", "--bogus").code == 2


def test_unknown_learner_fails_cleanly(cli) -> None:
    cli("demo")
    result = cli("gui", "--learner", "Nobody Here", "--exit-when-ready")
    assert result.code == 1
    assert (
        result.err
        == "error: No learner called “Nobody Here”. See `portfolio learners` for the list.\n"
    )


def test_a_bug_is_logged_with_a_traceback_and_reported_in_one_line(cli, home, monkeypatch) -> None:
    import portfolio.services.learners as learners

    def boom(session):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(learners, "list_learners", boom)
    result = cli("learners")
    assert result.code == 70
    assert result.err.startswith("error: something went wrong")
    assert "Traceback" not in result.err
    log = (home / "logs" / "portfolio.log").read_text()
    assert "Traceback" in log
    assert "RuntimeError" in log
    # The wording of the message stays (it says what broke); only values in it are withheld
    # (tests/cli/test_cli_contract.py).
    assert "builtins.RuntimeError: simulated bug" in log


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "PORTFOLIO_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "portfolio", "learners"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_learners_shows_how_many_credentials_expired_or_expire_soon(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from portfolio.dates import PartialDate
    from portfolio.db import open_database
    from portfolio.models import CredentialKind
    from portfolio.services.credentials import create_credential
    from portfolio.services.learners import create_learner
    from portfolio.services.records import CredentialInput, LearnerInput

    def on(offset: int) -> PartialDate:
        day = dt.date.today() + dt.timedelta(days=offset)
        return PartialDate(day.year, day.month, day.day)

    path = tmp_path / "p.sqlite"
    database = open_database(path)
    with database.session() as s:
        sam = create_learner(s, LearnerInput(name="Sam"))
        create_learner(s, LearnerInput(name="Ann"))
        for offset in (-5, 20, 60, 200):
            create_credential(
                s,
                sam,
                CredentialInput(
                    f"Cert {offset}", CredentialKind.CERTIFICATE, expiry_date=on(offset)
                ),
            )
    database.dispose()
    lines = cli("--db", str(path), "learners").out.splitlines()
    assert lines == ["Ann\t0 credential(s)", "Sam\t4 credential(s)\t1 expired, 2 expiring"]
