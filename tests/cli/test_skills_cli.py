"""`portfolio taxonomy import-esco|search` and `portfolio skills --learner`."""

from portfolio.services.skills import ESCO_ATTRIBUTION


def test_search_prints_label_category_uri_best_first(cli) -> None:
    result = cli("taxonomy", "search", "writing")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Writing\tWriting & research"
    assert ESCO_ATTRIBUTION not in result.out


def test_search_without_match_says_so(cli) -> None:
    result = cli("taxonomy", "search", "qqqzzz")
    assert result.code == 1
    assert "No skill matches" in result.err


def test_import_esco_then_search_shows_uri_and_attribution(cli, real_world) -> None:
    sample = real_world("esco", "skills_en-sample.csv")
    result = cli("taxonomy", "import-esco", str(sample))
    assert result.code == 0, result.err
    assert "Imported 163 ESCO skill(s)" in result.out
    assert ESCO_ATTRIBUTION in result.out
    again = cli("taxonomy", "import-esco", str(sample))
    assert "0 added, 0 updated, 163 unchanged" in again.out
    found = cli("taxonomy", "search", "musical staff")
    first = found.out.splitlines()[0].split("\t")
    assert first == [
        "manage musical staff",
        "ESCO skills",
        "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab",
    ]
    assert found.out.rstrip().endswith(ESCO_ATTRIBUTION)


def test_import_of_a_bad_file_is_one_line_error(cli, tmp_path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_text("name,email\n", encoding="utf-8")
    result = cli("taxonomy", "import-esco", str(bad))
    assert result.code == 1
    assert result.err.startswith("error: notes.csv, line 1:")


def test_skills_of_a_demo_learner_with_evidence(cli) -> None:
    assert cli("demo").code == 0
    result = cli("skills", "--learner", "Audrey")
    assert result.code == 0
    out = result.out
    assert out.startswith("Skills of Audrey Heath")
    block = out.split("\nWriting [")[1].split("\n\n")[0]
    assert "working, 2 evidence" in block
    assert "credential: FASS Forward: Writing, Simon Fraser University" in block
    assert "experience: Peer Writing Tutor (volunteer)" in block


def test_skills_of_an_unknown_learner(cli) -> None:
    result = cli("skills", "--learner", "Nobody")
    assert result.code == 1
    assert "No learner called" in result.err


def test_merge_two_skills(cli) -> None:
    assert cli("demo").code == 0
    result = cli("taxonomy", "merge", "Writing", "Academic writing")
    assert result.code == 0, result.err
    assert "Merged “Academic writing” into “Writing”" in result.out
    skills = cli("skills", "--learner", "Audrey").out
    assert "Academic writing" not in skills
    assert cli("taxonomy", "search", "academic writing").out.startswith("Writing\t")
    same = cli("taxonomy", "merge", "Writing", "writing")
    assert same.code == 1 and "two different skills" in same.err
    missing = cli("taxonomy", "merge", "Writing", "Nonexistent skill")
    assert missing.code == 1 and "No skill is called" in missing.err
