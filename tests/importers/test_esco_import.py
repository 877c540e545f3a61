"""ESCO CSV import: the real sample, a full-size file, re-imports, and malformed files."""

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio.errors import UserError
from portfolio.importers.esco import (
    COLUMNS,
    esco_sample_row,
    import_esco,
    read_esco_csv,
    write_esco_csv,
)
from portfolio.models import Skill, SkillSource
from portfolio.services import credentials, learners
from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput


def count_skills(db) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Skill)) or 0


def test_real_sample_with_multiline_cells_and_quotes(db, real_world) -> None:
    path = real_world("esco", "skills_en-sample.csv")
    calls = []
    with db.session() as s:
        result = import_esco(s, path, lambda done, total: calls.append((done, total)))
    assert (result.added, result.updated) == (163, 0)
    assert calls[-1] == (163, 163)
    with db.read_session() as s:
        skill = s.scalar(
            select(Skill).where(
                Skill.uri == "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"
            )
        )
        assert skill is not None
        assert skill.label == "manage musical staff"
        assert skill.source is SkillSource.ESCO
        assert skill.alt_labels == [
            "manage music staff",
            "coordinate duties of musical staff",
            "direct musical staff",
            "manage staff of music",
        ]
        assert skill.description.startswith("Assign and manage staff tasks")
    # A cell with doubled quotes inside survives intact.
    raw = path.read_text(encoding="utf-8")
    quoted = next(row for row in csv.DictReader(io.StringIO(raw)) if '"' in row["description"])
    with db.read_session() as s:
        stored = s.scalar(select(Skill.description).where(Skill.uri == quoted["conceptUri"]))
    assert stored is not None and '"' in stored


def test_reimport_updates_instead_of_duplicating(db, tmp_path: Path) -> None:
    path = tmp_path / "skills_en.csv"
    uri = "http://data.europa.eu/esco/skill/abc"
    write_esco_csv(path, [esco_sample_row(conceptUri=uri, preferredLabel="tend looms")])
    with db.session() as s:
        import_esco(s, path)
    write_esco_csv(
        path,
        [
            esco_sample_row(conceptUri=uri, preferredLabel="tend weaving looms"),
            esco_sample_row(conceptUri=uri + "2", preferredLabel="repair looms"),
        ],
    )
    with db.session() as s:
        result = import_esco(s, path)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
    with db.session() as s:
        assert import_esco(s, path).unchanged == 2
    with db.read_session() as s:
        assert s.scalar(select(Skill.label).where(Skill.uri == uri)) == "tend weaving looms"
    assert count_skills(db) == 2


def test_a_custom_skill_with_the_same_label_is_adopted_with_its_links(db, tmp_path) -> None:
    with db.session() as s:
        ann = learners.create_learner(s, LearnerInput(name="Ann"))
        cred = credentials.create_credential(
            s,
            ann,
            CredentialInput(title="C", kind="course", skills=(SkillLinkInput("Repair Looms"),)),
        )
    path = tmp_path / "skills_en.csv"
    uri = "http://data.europa.eu/esco/skill/abc"
    write_esco_csv(path, [esco_sample_row(conceptUri=uri, preferredLabel="repair looms")])
    with db.session() as s:
        import_esco(s, path)
    with db.read_session() as s:
        assert credentials.get_credential(s, cred).skill_links[0].uri == uri
    assert count_skills(db) == 1


def test_a_generated_full_size_file(db, tmp_path: Path) -> None:
    path = tmp_path / "skills_en.csv"
    rows = [
        esco_sample_row(
            conceptUri=f"http://data.europa.eu/esco/skill/{i:06d}",
            preferredLabel=f"skill number {i}",
            altLabels=f"alt one {i}\nalt two {i}",
            hiddenLabels=f"hidden {i}",
            description=f'Describes "skill" {i}, with a comma.',
        )
        for i in range(14_000)
    ]
    write_esco_csv(path, rows)
    with db.session() as s:
        assert import_esco(s, path).added == 14_000
    assert count_skills(db) == 14_000


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


HEADER = ",".join(COLUMNS)
GOOD = (
    "KnowledgeSkillCompetence,http://x/1,skill/competence,transversal,good skill,,,released,,,,,ok"
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "binary data"),
        (
            (HEADER + "\n" + GOOD + "\n").encode("utf-8") + "caf\xe9".encode("latin-1"),
            "line 3: the text is not UTF-8",
        ),
        ("name,email\nAnn,ann@example.org\n", "line 1: this is not an ESCO skills CSV"),
        (
            HEADER.replace(",altLabels", "").replace(",preferredLabel", "") + "\n",
            "the header lacks the ESCO column(s) preferredLabel, altLabels",
        ),
        (HEADER + "\n" + GOOD + "\n" + GOOD.replace(",,,", ',"unclosed\nmore,,', 1), "line 3"),
        (HEADER + "\n" + GOOD + "\n" + "a,b,c\n", "line 3: expected 13 cells but found 3"),
        (HEADER + "\n" + GOOD.replace("http://x/1", "") + "\n", "line 2: conceptUri"),
        (HEADER + "\n" + GOOD.replace("good skill", " ") + "\n", "preferredLabel is empty"),
        (HEADER + "\n", "no skills"),
        (
            HEADER + "\n" + GOOD + "\n" + GOOD.replace(",ok", ',"' + "x" * 200_000 + '"') + "\n",
            "line 3: a cell is longer than",
        ),
    ],
    ids=[
        "empty",
        "binary",
        "not-utf8",
        "wrong-header",
        "missing-columns",
        "truncated-quote",
        "short-row",
        "no-uri",
        "no-label",
        "header-only",
        "huge-cell",
    ],
)
def test_malformed_files_are_refused_and_nothing_is_imported(
    db, tmp_path: Path, content, expected
) -> None:
    path = _write(tmp_path / "bad.csv", content)
    with pytest.raises(UserError) as err, db.session() as s:
        import_esco(s, path)
    message = str(err.value)
    assert message.startswith("bad.csv")
    assert expected in message
    assert "Nothing was imported" in message
    assert count_skills(db) == 0


def test_a_bad_row_after_thousands_of_good_ones_imports_nothing(db, tmp_path) -> None:
    path = tmp_path / "skills_en.csv"
    rows = [
        esco_sample_row(conceptUri=f"http://x/{i}", preferredLabel=f"skill {i}")
        for i in range(2_000)
    ]
    rows.append(esco_sample_row(conceptUri="not a uri", preferredLabel="bad"))
    write_esco_csv(path, rows)
    with pytest.raises(UserError, match="conceptUri"), db.session() as s:
        import_esco(s, path)
    assert count_skills(db) == 0


def test_missing_file_is_a_user_error(tmp_path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        read_esco_csv(tmp_path / "nope.csv")
