"""LinkedIn exports (ZIP or folder) and the documented credentials CSV."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.models.base import CredentialKind, ExperienceKind

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def test_linkedin_zip_reads_every_known_file_and_notes_the_others() -> None:
    [bundle] = read_paths([IO / "linkedin_export.zip"])
    assert bundle.format == "linkedin"
    assert bundle.learner is not None and bundle.learner.name == "Samantha Kolb"
    assert bundle.learner.headline == "Marketing analyst"
    aws = bundle.credentials[0].data
    assert aws.title == "AWS Certified Cloud Practitioner"
    assert aws.issuer == "Amazon Web Services"
    assert aws.kind == CredentialKind.PROFESSIONAL_CERTIFICATION
    assert aws.end_date is not None and aws.end_date.iso() == "2021-03"  # "Mar 2021"
    assert aws.expiry_date is not None and aws.expiry_date.iso() == "2024-03"
    assert aws.credential_id == "AWS-1"
    assert aws.verification_url == "https://aws.example/verify/1"
    degree = bundle.credentials[2].data
    assert (degree.title, degree.issuer, degree.kind) == (
        "BA Communication",
        "Simon Fraser University",
        CredentialKind.DEGREE,
    )
    analyst, intern = bundle.experiences
    assert analyst.current and analyst.kind == ExperienceKind.WORK
    assert analyst.description == "Dashboards, reports"
    assert intern.end_date is not None and intern.end_date.iso() == "2016-08"
    assert [s.label for s in bundle.skills] == ["SQL", "Data Visualization"]
    assert [x.language for x in bundle.languages] == ["English", "French"]
    assert any("Connections.csv" in note for note in bundle.notes)


def test_linkedin_folder_is_recognised_by_its_file_names() -> None:
    [bundle] = read_paths([IO / "linkedin_folder"])
    assert bundle.format == "linkedin" and len(bundle.credentials) == 2
    assert any("Connections.csv" in note for note in bundle.notes)


def test_linkedin_header_found_below_notes_rows(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Certifications.csv").write_bytes(
        b'\xef\xbb\xbfNotes:\r\n"Exported by LinkedIn"\r\n\r\nName,Authority,Url\r\nPMP,PMI,\r\n'
    )
    [bundle] = read_paths([folder])
    assert bundle.credentials[0].data.title == "PMP"


def test_credentials_csv_with_bom_and_documented_header() -> None:
    [bundle] = read_paths([IO / "credentials_bom.csv"])
    first = bundle.credentials[0].data
    assert first.title == "Google Data Analytics"
    assert first.kind == CredentialKind.PROFESSIONAL_CERTIFICATION
    assert first.end_date is not None and first.end_date.iso() == "2021-03"
    assert [s.label for s in first.skills] == ["SQL", "R"]
    assert first.tags == ("data",)


def test_cp1252_csv_is_read_with_a_note() -> None:
    [bundle] = read_paths([IO / "credentials_cp1252.csv"])
    assert bundle.credentials[0].data.issuer == "Université Laval"
    assert bundle.credentials[0].data.title == "Gestion de projet – niveau 1"
    assert any("Windows-1252" in note for note in bundle.notes)


def test_csv_with_a_bad_kind_or_date_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "creds.csv"
    path.write_text("title,kind\nA,certificate\nB,wizardry\n")
    with pytest.raises(ImportFailed, match=re.escape("creds.csv row 3: “wizardry” is not one of")):
        read_paths([path])
    path.write_text("title,end_date\nA,someday\n")
    with pytest.raises(ImportFailed, match=re.escape("creds.csv row 2: end_date")):
        read_paths([path])


def test_a_csv_without_the_documented_header_says_so(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text("month,amount\nJan,3\n")
    with pytest.raises(
        ImportFailed, match=re.escape("budget.csv: is a CSV file, but its first row")
    ):
        read_paths([path])
