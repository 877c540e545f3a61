"""The command line's promises: the bare command opens the app, every option is explained, a
name never picks a learner silently, reads work beside the app and writes refuse, and a bug's
log entry says where it broke without the personal values it carried."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

import pytest

from portfolio.cli import build_parser, main
from portfolio.db.lock import InstanceLock


def _demo(cli: Any) -> None:
    assert cli("demo").code == 0


def _add_learner(home: Path, name: str) -> None:
    from portfolio.db import open_database
    from portfolio.services.learners import create_learner
    from portfolio.services.records import LearnerInput

    database = open_database(home / "portfolio.sqlite")
    with database.session() as session:
        create_learner(session, LearnerInput(name=name))
    database.dispose()


# --- the bare command ------------------------------------------------------------------------


def test_the_bare_command_opens_the_desktop_app_with_the_gui_defaults(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    seen: list[dict[str, Any]] = []

    def fake_run_gui(ctx: Any, **kwargs: Any) -> int:
        seen.append({"db": ctx.db_path, **kwargs})
        return 0

    monkeypatch.setattr("portfolio.app.run_gui", fake_run_gui)
    assert main([]) == 0
    assert seen == [
        {
            "db": home / "portfolio.sqlite",
            "learner": None,
            "exit_when_ready": False,
            "exit_when_settled": False,
        }
    ]
    # Global options before no command still reach the app.
    assert main(["--db", str(home / "other.sqlite")]) == 0
    assert seen[1]["db"] == home / "other.sqlite"


# --- --help ----------------------------------------------------------------------------------


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("portfolio",)
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser, str | None]]:
    """Every (sub)command parser with the help line its parent lists for it."""
    found: list[tuple[tuple[str, ...], argparse.ArgumentParser, str | None]] = [
        (path, parser, "top")
    ]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                for sub_path, sub, sub_help in _parsers(child, (*path, name)):
                    found.append((sub_path, sub, listed.get(name) if sub is child else sub_help))
    return found


def test_every_command_and_option_has_a_help_text() -> None:
    missing = []
    for path, parser, listed in _parsers(build_parser()):
        if not listed:
            missing.append(" ".join(path))
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not (action.help or "").strip():
                missing.append(f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


MAIN_COMMANDS = [
    "gui",
    "demo",
    "import",
    "export",
    "export-cv",
    "gap",
    "export-plan",
    "backup",
    "restore",
    "skills",
    "learners",
]


@pytest.mark.parametrize("command", MAIN_COMMANDS)
def test_the_main_commands_end_their_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    example = out[out.index("Example") :]
    assert f"  portfolio {command}" in example or f"portfolio --db client.sqlite {command}" in (
        example
    )


def test_every_example_in_the_help_is_a_valid_command_line() -> None:
    import shlex

    parser = build_parser()
    checked = 0
    for _path, sub, _listed in _parsers(parser):
        for line in (sub.epilog or "").splitlines()[1:]:
            for command in line.split("&&"):
                words = shlex.split(command.split(" | ")[0])
                assert words[0] == "portfolio", line
                if words[1:] == ["COMMAND", "--help"]:
                    continue
                parser.parse_args(words[1:])  # a usage error would exit 2 here
                checked += 1
    assert checked >= len(MAIN_COMMANDS)


# --- which learner, role, variant --------------------------------------------------------------


def test_an_exact_name_is_used_without_comment(cli: Any) -> None:
    _demo(cli)
    result = cli("skills", "--learner", "samantha KOLB")
    assert result.code == 0
    assert result.out.startswith("Skills of Samantha Kolb")
    assert "using learner" not in result.err


def test_the_start_of_a_word_names_the_one_learner_and_says_so(cli: Any) -> None:
    _demo(cli)
    for typed in ("sam", "Kolb", "kol"):
        result = cli("skills", "--learner", typed)
        assert result.code == 0, result.err
        assert result.err == "using learner: Samantha Kolb\n"
        assert result.out.startswith("Skills of Samantha Kolb")


def test_a_name_matching_several_learners_is_refused_with_the_candidates(
    cli: Any, home: Path
) -> None:
    _demo(cli)
    _add_learner(home, "Samuel Kolber")
    result = cli("skills", "--learner", "sam")
    assert result.code == 1
    assert result.out == ""
    assert result.err == (
        "error: “sam” matches 2 learners: Samantha Kolb, Samuel Kolber; give more of the name.\n"
    )
    # More of the name settles it.
    assert cli("skills", "--learner", "samu").err == "using learner: Samuel Kolber\n"


def test_no_match_names_the_close_learners(cli: Any) -> None:
    _demo(cli)
    result = cli("skills", "--learner", "Samanta Kolb")
    assert result.code == 1
    assert result.err == (
        "error: No learner called “Samanta Kolb”. Close matches: “Samantha Kolb”. "
        "See `portfolio learners` for the list.\n"
    )


def test_the_fast_and_the_orm_export_paths_pick_the_same_learner(
    cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _demo(cli)
    _add_learner(home, "Samuel Kolber")
    results = {}
    for path in ("fast", "orm"):
        with monkeypatch.context() as patch:
            if path == "orm":  # as for a file that must be upgraded first
                patch.setattr("portfolio.cli.cv._is_current_portfolio", lambda path: False)
            out = tmp_path / f"{path}.pdf"
            wrote = cli("export-cv", "--learner", "moreau", "-o", str(out))
            assert wrote.code == 0
            assert wrote.err == (
                f"using learner: Daniel Moreau\nWrote {out} "
                f"({out.stat().st_size // 1024 + 1} KB) for Daniel Moreau.\n"
            )
            results[path] = cli("export-cv", "--learner", "Kolb", "-o", str(out)).err
    assert (
        results["fast"]
        == results["orm"]
        == (
            "error: “Kolb” matches 2 learners: Samantha Kolb, Samuel Kolber; give more of the name.\n"
        )
    )


def test_roles_follow_the_same_rule(cli: Any, tmp_path: Path) -> None:
    _demo(cli)
    exact = cli("gap", "--learner", "Samantha Kolb", "--role", "digital marketing coordinator")
    assert exact.code == 0 and exact.err == ""
    word = cli("gap", "--learner", "Samantha Kolb", "--role", "coordinator")
    assert word.code == 1
    assert word.err.startswith("error: “coordinator” matches ")
    assert "Digital Marketing Coordinator" in word.err and "give more of the name." in word.err
    start = cli("gap", "--learner", "Samantha Kolb", "--role", "Digital Marketing Co")
    assert start.code == 0
    assert start.err == "using role: Digital Marketing Coordinator\n"
    plan = tmp_path / "plan.pdf"
    wrote = cli(
        "export-plan", "--learner", "audrey", "--role", "Communications Off", "-o", str(plan)
    )
    assert wrote.code == 0, wrote.err
    assert wrote.err == "using learner: Audrey Heath\nusing role: Communications Officer\n"
    assert wrote.out == f"Wrote {plan} for Audrey Heath (role “Communications Officer”).\n"


def test_variants_follow_the_same_rule_and_the_written_file_names_them(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    _demo(cli)
    from portfolio.db import open_database
    from portfolio.services.cv_variants import VariantInput, create_variant
    from portfolio.services.learners import find_learner

    database = open_database(home / "portfolio.sqlite")
    with database.session() as session:
        sam = find_learner(session, "Samantha Kolb").id
        create_variant(session, sam, VariantInput(name="Marketing, short"))
        create_variant(session, sam, VariantInput(name="Marketing, long"))
        create_variant(session, sam, VariantInput(name="Policy"))
    database.dispose()
    out = tmp_path / "cv.pdf"
    args = ("export-cv", "--learner", "Samantha Kolb", "-o", str(out))
    policy = cli(*args, "--variant", "pol", "--role", "Digital Marketing Coordinator")
    assert policy.code == 0, policy.err
    assert policy.err.splitlines() == [
        "using variant: Policy",
        f"Wrote {out} ({out.stat().st_size // 1024 + 1} KB) for Samantha Kolb "
        "(variant “Policy”, role “Digital Marketing Coordinator”).",
    ]
    several = cli(*args, "--variant", "marketing")
    assert several.code == 1
    assert several.err == (
        "error: “marketing” matches 2 CV variants: Marketing, long, Marketing, short; "
        "give more of the name.\n"
    )
    none = cli(*args, "--variant", "Sales")
    assert none.code == 1
    assert "No CV variant called “Sales” for this learner" in none.err
    assert "“Marketing, long”, “Marketing, short”, “Policy”" in none.err


# --- beside the open app -----------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reads_work_while_the_app_holds_the_file_and_writes_refuse(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    _demo(cli)
    assert cli("roles").code == 0  # the role library and catalog are in the file
    db_file = home / "portfolio.sqlite"
    before = _digest(db_file)
    badge = tmp_path / "badge.json"
    badge.write_text("{}", encoding="utf-8")
    with InstanceLock(db_file):  # as the desktop app holds it
        reads = [
            cli("learners"),
            cli("skills", "--learner", "Samantha Kolb"),
            cli("gap", "--learner", "Samantha Kolb", "--role", "Digital Marketing Coordinator"),
            cli("pathways", "--learner", "Audrey Heath"),
            cli("roles"),
            cli("programs"),
            cli("taxonomy", "search", "python"),
            cli("export-cv", "--learner", "Samantha Kolb", "-o", str(tmp_path / "a.pdf")),
            cli(
                "export-cv",
                "--learner",
                "Samantha Kolb",
                "--role",
                "Digital Marketing Coordinator",
                "-o",
                str(tmp_path / "b.pdf"),
            ),
            cli("export", "--learner", "Audrey", "--format", "csv", "-o", str(tmp_path / "a.csv")),
            cli(
                "export-plan",
                "--learner",
                "Daniel",
                "--role",
                "Project Manager",
                "-o",
                str(tmp_path / "p.pdf"),
            ),
            cli("check"),
            cli("backups"),
        ]
        writes = [
            cli("demo"),
            cli("add-role", "Data Steward", "--essential", "SQL"),
            cli("add-program", "SQL basics", "--skills", "SQL"),
            cli("restore", "latest"),
        ]
    for result in reads:
        assert result.code == 0, result.err
    for result in writes:
        assert result.code == 1
        assert result.err.startswith(f"error: {db_file} is already open in another Learner")
        assert "nothing was changed" in result.err
        assert len(result.err.splitlines()) == 1
    assert _digest(db_file) == before


# --- the log of a bug --------------------------------------------------------------------------


def test_a_bug_is_logged_with_type_and_place_but_without_personal_values(
    cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _demo(cli)

    def break_profile(session: Any, learner_id: int) -> None:
        raise ValueError(
            "cannot store 'Samantha Kolb' in field \"headline\" (value “Confided: burnout”, "
            "412 > 200 characters, contact sam@example.org)"
        )

    monkeypatch.setattr("portfolio.services.skills.skill_profile", break_profile)
    result = cli("skills", "--learner", "Samantha Kolb")
    assert result.code == 70
    log = (home / "logs" / "portfolio.log").read_text(encoding="utf-8")
    assert "internal error in command 'skills'" in log
    assert 'File "' in log and "test_cli_contract.py" in log and ", in break_profile" in log
    assert 'skills.py", line ' in log and "in cmd_skills" in log
    assert (
        "builtins.ValueError: cannot store <withheld> in field <withheld> (value <withheld>, "
        "412 > 200 characters, contact <withheld>)"
    ) in log
    for secret in ("Samantha", "Kolb", "headline", "burnout", "sam@example.org"):
        assert secret not in log.split("internal error in command 'skills'")[1]


def test_sql_parameters_are_withheld_and_the_statement_kept() -> None:
    from portfolio.logs import withhold_values

    message = (
        "(sqlite3.IntegrityError) UNIQUE constraint failed: learner.email\n"
        "[SQL: INSERT INTO learner (name, email) VALUES (?, ?)]\n"
        "[parameters: ('Zoë Ünal', 'zoe@example.org')]\n"
        "(Background on this error at: https://sqlalche.me/e/20/gkpj)"
    )
    assert withhold_values(message) == (
        "(sqlite3.IntegrityError) UNIQUE constraint failed: learner.email "
        "[SQL: INSERT INTO learner (name, email) VALUES (?, ?)] [parameters: <withheld>] "
        "(Background on this error at: <withheld>)"
    )
    # An apostrophe inside a word opens no quote; an unclosed quote withholds the rest.
    assert withhold_values("can't read 'Zoë's notes") == "can't read <withheld>"
    assert withhold_values("list index out of range") == "list index out of range"


def test_an_import_names_the_learner_it_went_into(cli: Any, tmp_path: Path) -> None:
    _demo(cli)
    sheet = tmp_path / "credentials.csv"
    sheet.write_text("title,issuer\nSEO fundamentals,City College\n", encoding="utf-8")
    result = cli("import", str(sheet), "--learner", "kolb")
    assert result.code == 0, result.err
    assert result.err == "using learner: Samantha Kolb\n"
    assert result.out.startswith("Import into Samantha Kolb from 1 source")
    assert result.out.splitlines()[-1].startswith("Imported into Samantha Kolb: ")
    # A name that matches nobody creates that learner, as the README says, and says so.
    new = cli("import", str(sheet), "--learner", "Jo Doe")
    assert new.code == 0 and new.err == ""
    assert new.out.startswith("Import into Jo Doe (new learner)")
