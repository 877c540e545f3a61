"""`portfolio roles | programs | gap | pathways | export-plan`."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader


def test_roles_lists_one_role_per_line(cli) -> None:
    result = cli("roles")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) >= 40
    assert "Program Officer (International Development)" in lines
    assert "Mass Timber Construction Technician" in lines
    assert lines == sorted(lines, key=str.casefold)


def test_programs_lists_the_catalog(cli) -> None:
    result = cli("programs")
    assert result.code == 0
    assert any(
        line.startswith("Digital Marketing Bootcamp\tAlacrity Canada")
        for line in result.out.splitlines()
    )


def test_gap_prints_covered_partial_missing_and_suggestions(cli) -> None:
    cli("demo")
    result = cli("gap", "--learner", "samantha kolb", "--role", "digital marketing coordinator")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("Samantha Kolb — Digital Marketing Coordinator\nCoverage: ")
    covered = out.index("Covered:")
    partial = out.index("Partly covered:")
    missing = out.index("Missing:")
    assert covered < out.index("[essential] Branding") < partial
    assert "Digital Marketing Bootcamp · working · Oct 2020" in out
    assert partial < out.index("[essential] Search engine optimization — awareness") < missing
    assert missing < out.index("[essential] Email marketing") < out.index("Suggested programs")


def test_unknown_role_fails_cleanly_with_close_matches(cli) -> None:
    cli("demo")
    result = cli("gap", "--learner", "Samantha Kolb", "--role", "Cloud Admnistrator")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("error: No role called “Cloud Admnistrator”.")
    assert "“Cloud Administrator”" in result.err
    assert "Traceback" not in result.err


def test_pathways_shows_credits_and_what_is_left(cli) -> None:
    cli("demo")
    audrey = cli("pathways", "--learner", "Audrey Heath")
    assert audrey.code == 0
    assert "progress: 3 of 3 credits (100%)" in audrey.out
    assert "left: nothing" in audrey.out
    daniel = cli("pathways", "--learner", "Daniel Moreau")
    assert "progress: 3 of 6 done (50%)" in daniel.out
    assert "[ ] SC3x: Supply Chain Dynamics (in progress)" in daniel.out
    assert "[x] SC0x: Supply Chain Analytics (verified certificate) (done)" in daniel.out
    samantha = cli("pathways", "--learner", "Samantha Kolb")
    assert samantha.out.strip() == "Samantha Kolb has no pathways yet."


def test_export_plan_writes_a_pdf_atomically(cli, tmp_path: Path) -> None:
    cli("demo")
    target = tmp_path / "plan.pdf"
    result = cli(
        "export-plan",
        "--learner",
        "Samantha Kolb",
        "--role",
        "Cloud Administrator",
        "-o",
        str(target),
    )
    assert result.code == 0, result.err
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Cloud Administrator" in text
    assert list(tmp_path.glob("*.partial")) == []
    wrong = cli(
        "export-plan",
        "--learner",
        "Samantha Kolb",
        "--role",
        "Data Analyst",
        "-o",
        str(tmp_path / "x.txt"),
    )
    assert wrong.code == 1 and "should end in .pdf" in wrong.err
    missing = cli(
        "export-plan",
        "--learner",
        "Samantha Kolb",
        "--role",
        "Data Analyst",
        "-o",
        str(tmp_path / "no" / "x.pdf"),
    )
    assert missing.code == 1 and "does not exist" in missing.err


def test_add_role_and_program_then_use_them_in_a_gap_report(cli) -> None:
    cli("demo")
    added = cli(
        "add-role",
        "Newsletter Editor",
        "--essential",
        "Email marketing, copywriting",
        "--optional",
        "Branding",
    )
    assert added.code == 0, added.err
    assert added.out.strip() == (
        "Added role “Newsletter Editor” (2 essential skills, 1 optional skill)"
    )
    assert "Newsletter Editor" in cli("roles").out.splitlines()
    program = cli(
        "add-program",
        "Email Basics",
        "--provider",
        "Camosun College",
        "--weeks",
        "2",
        "--skills",
        "email-marketing",
    )
    assert program.code == 0, program.err
    report = cli("gap", "--learner", "Samantha Kolb", "--role", "newsletter editor").out
    assert "1. Email Basics (Camosun College)" in report
    assert "1.00 points/week over 2 weeks" in report
    again = cli("add-role", "Newsletter editor", "--essential", "Branding")
    assert again.code == 1 and "already exists" in again.err


def test_gap_coverage_figure_adds_up_from_the_listed_skills(cli) -> None:
    import re

    cli("demo")
    out = cli("gap", "--learner", "Samantha Kolb", "--role", "Digital Marketing Coordinator").out
    head = re.search(
        r"Coverage: (\d+)% \((\d+) covered · (\d+) partly covered · (\d+) missing\)", out
    )
    rule = re.search(r"  ([\d.]+) of ([\d.]+) points: an essential skill is worth 2 points", out)
    assert head and rule, out
    figure, covered, partial, missing = map(int, head.groups())
    earned, possible = map(float, rule.groups())
    section = {"Covered:": 1.0, "Partly covered:": 0.5, "Missing:": 0.0}
    share, listed, points, total = 0.0, [], 0.0, 0.0
    for line in out[: out.index("Suggested programs")].splitlines():
        if line in section:
            share = section[line]
        elif match := re.match(r"  \[(essential|optional)\] ", line):
            weight = 2.0 if match.group(1) == "essential" else 1.0
            listed.append(share)
            points += weight * share
            total += weight
    assert (listed.count(1.0), listed.count(0.5), listed.count(0.0)) == (covered, partial, missing)
    assert (earned, possible) == (points, total)
    assert figure == round(100 * points / total)


def test_add_role_refuses_a_skill_name_not_in_the_taxonomy_and_says_what_was_meant(
    cli,
) -> None:
    cli("demo")
    typo = cli("add-role", "Newsletter Editor", "--essential", "Bradning, Email marketing")
    assert typo.code == 1
    assert typo.out == ""
    assert typo.err == (
        "error: No skill “Bradning” in the taxonomy; did you mean “Branding”? Correct the name, "
        'or add --new-skill "Bradning" to create it as a new skill.\n'
    )
    assert "Newsletter Editor" not in cli("roles").out.splitlines()  # nothing was saved
    fixed = cli("add-role", "Newsletter Editor", "--essential", "Branding, Email marketing")
    assert fixed.code == 0, fixed.err
    assert "Newsletter Editor" in cli("roles").out.splitlines()


def test_add_role_creates_a_new_skill_only_when_asked(cli) -> None:
    cli("demo")
    refused = cli("add-role", "Zine maker", "--essential", "Risography, Branding")
    assert refused.code == 1
    assert "No skill “Risography” in the taxonomy." in refused.err
    added = cli(
        "add-role", "Zine maker", "--essential", "Risography, Branding", "--new-skill", "risography"
    )
    assert added.code == 0, added.err
    assert "(2 essential skills, 0 optional skills)" in added.out
    gap = cli("gap", "--learner", "Audrey Heath", "--role", "Zine maker").out
    assert "[essential] Risography" in gap
