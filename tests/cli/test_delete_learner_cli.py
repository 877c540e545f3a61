"""`portfolio delete-learner NAME`: confirmed by the full name, backed up first, really gone."""

import io
from pathlib import Path

import pytest

from portfolio.db.backup import list_backups
from portfolio.db.check import check_database


class Terminal(io.StringIO):
    """Standard input as a person at a terminal types it."""

    def isatty(self) -> bool:
        return True


def names(cli) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.split("\t")[0] for line in cli("learners").out.splitlines()]


def test_yes_with_the_full_name_deletes_after_a_checked_backup(cli, home: Path) -> None:
    assert cli("demo").code == 0
    result = cli("delete-learner", "samantha kolb", "--yes")
    assert result.code == 0, result.err
    assert names(cli) == ["Audrey Heath", "Daniel Moreau"]
    assert "Deleted Samantha Kolb: 7 credentials, 3 experiences, 1 session note" in result.out
    backups = [b for b in list_backups(home / "portfolio.sqlite") if b.kind == "pre-delete"]
    assert len(backups) == 1
    assert str(backups[0].path) in result.out
    assert backups[0].learners == 3  # taken before the deletion
    assert check_database(backups[0].path).ok


def test_the_deleted_learner_is_gone_from_the_file_bytes(cli, home: Path) -> None:
    # A name of our own: the shipped program catalog quotes the demo learners' names.
    from portfolio.db import open_database
    from portfolio.services.learners import create_learner
    from portfolio.services.records import LearnerInput

    cli("demo")
    database = open_database(home / "portfolio.sqlite")
    with database.session() as session:
        create_learner(
            session,
            LearnerInput(name="Philippa Forgetmenot", email="pf@example.org", summary="on leave"),
        )
    database.dispose()
    assert b"Philippa Forgetmenot" in (home / "portfolio.sqlite").read_bytes()
    result = cli("delete-learner", "Philippa Forgetmenot", "--yes")
    assert result.code == 0, result.err
    assert "no records besides their profile" in result.out
    live = (home / "portfolio.sqlite").read_bytes()
    for secret in (b"Philippa Forgetmenot", b"pf@example.org"):
        assert secret not in live  # secure_delete overwrote the freed cells
    assert b"Audrey Heath" in live
    (backup,) = [b for b in list_backups(home / "portfolio.sqlite") if b.kind == "pre-delete"]
    assert b"Philippa Forgetmenot" in backup.path.read_bytes()  # what the output warns about


def test_yes_refuses_a_mere_prefix(cli) -> None:
    cli("demo")
    result = cli("delete-learner", "Sam", "--yes")
    assert result.code == 1
    assert result.err.startswith("error: “Sam” is only part of “Samantha Kolb”")
    assert "Samantha Kolb" in names(cli)


def test_without_yes_and_no_terminal_it_refuses_in_one_line(cli, monkeypatch) -> None:
    cli("demo")
    monkeypatch.setattr("sys.stdin", io.StringIO("Samantha Kolb\n"))
    result = cli("delete-learner", "Samantha Kolb")
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("error: ")
    assert "--yes" in result.err
    assert "Samantha Kolb" in names(cli)


def test_typing_the_full_name_at_the_prompt_deletes(cli, monkeypatch, home: Path) -> None:
    cli("demo")
    monkeypatch.setattr("sys.stdin", Terminal("Daniel Moreau\n"))
    result = cli("delete-learner", "dan")
    assert result.code == 0, result.err
    assert "This deletes Daniel Moreau and everything that belongs to them (" in result.out
    assert names(cli) == ["Audrey Heath", "Samantha Kolb"]


@pytest.mark.parametrize("typed", ["Dan", "", "Daniel Moreaux"])
def test_a_wrong_name_at_the_prompt_deletes_nothing(cli, monkeypatch, home: Path, typed) -> None:
    cli("demo")
    monkeypatch.setattr("sys.stdin", Terminal(typed + "\n"))
    result = cli("delete-learner", "Daniel Moreau")
    assert result.code == 1
    assert "nothing was deleted" in result.err
    assert "Daniel Moreau" in names(cli)
    assert not [b for b in list_backups(home / "portfolio.sqlite") if b.kind == "pre-delete"]


def test_an_unknown_name_says_so(cli, home: Path) -> None:
    cli("demo")
    result = cli("delete-learner", "Nobody Atall", "--yes")
    assert result.code == 1
    assert "No learner called “Nobody Atall”" in result.err


def test_no_portfolio_yet_is_not_created(cli, home: Path) -> None:
    result = cli("delete-learner", "Anyone", "--yes")
    assert result.code == 1
    assert "does not exist yet" in result.err
    assert not (home / "portfolio.sqlite").exists()
