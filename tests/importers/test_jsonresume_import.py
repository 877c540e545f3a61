"""JSON Resume import: the official sample, section by section."""

from __future__ import annotations

from portfolio.importers.detect import read_paths
from portfolio.models.base import CredentialKind, ExperienceKind, SkillLevel


def test_official_sample_maps_every_section_we_model(real_world) -> None:  # type: ignore[no-untyped-def]
    [bundle] = read_paths([real_world("jsonresume", "sample.resume.json")])
    assert bundle.format == "jsonresume"
    learner = bundle.learner
    assert learner is not None
    assert (learner.name, learner.headline) == ("Richard Hendriks", "Programmer")
    assert learner.email == "richard.hendriks@mail.com"
    assert learner.location == "San Francisco, California, US"
    assert [link.label for link in learner.links] == ["Twitter", "SoundCloud"]
    work, volunteer, project = bundle.experiences
    assert (work.kind, work.title, work.organization) == (
        ExperienceKind.WORK,
        "CEO/President",
        "Pied Piper",
    )
    assert len(work.highlights) == 3 and work.end_date is not None
    assert (volunteer.kind, volunteer.organization) == (ExperienceKind.VOLUNTEER, "CoderDojo")
    assert (project.kind, project.title, project.organization) == (
        ExperienceKind.PROJECT,
        "Miss Direction",
        "Smoogle",
    )
    assert [s.label for s in project.skills] == ["GoogleMaps", "Chrome Extension", "Javascript"]
    assert "Roles: Team lead, Designer" in project.description
    degree, award = (c.data for c in bundle.credentials)
    assert (degree.kind, degree.title, degree.field_of_study, degree.issuer) == (
        CredentialKind.DEGREE,
        "Bachelor",
        "Information Technology",
        "University of Oklahoma",
    )
    assert "Courses: DB1101 - Basic SQL; CS2011 - Java Introduction" in degree.notes
    assert award.title == "Digital Compression Pioneer Award" and "award" in award.tags
    assert [(s.label, s.level) for s in bundle.skills] == [
        ("Web Development", SkillLevel.EXPERT),
        ("Compression", SkillLevel.EXPERT),
    ]
    assert bundle.skills[0].note == "Keywords: HTML, CSS, Javascript"
    assert [(x.language, x.fluency) for x in bundle.languages] == [("English", "Native speaker")]
    assert any("publications, interests, references" in note for note in bundle.notes)
