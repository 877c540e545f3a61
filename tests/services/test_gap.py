"""Gap analysis: covered with evidence, partly covered, missing; score; ranked suggestions."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.models import CredentialKind, Importance, LearnerSkill, SkillLevel, SkillSource
from portfolio.services import credentials, learners, programs, roles
from portfolio.services.gap import gap_report, rank_programs
from portfolio.services.goal_records import (
    Coverage,
    GapLine,
    ProgramRecord,
    RoleInput,
    RoleSkillInput,
)
from portfolio.services.records import CredentialInput, LearnerInput, SkillLinkInput
from portfolio.services.skill_links import find_skill_by_label

TODAY = dt.date(2026, 11, 29)


def _report(db, learner: str, role: str):  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return gap_report(
            s,
            learners.find_learner(s, learner).id,
            roles.find_role(s, role).id,
            TODAY,
            max_suggestions=None,
        )


def _line(report, label):  # type: ignore[no-untyped-def]
    return next(line for line in report.lines if line.label == label)


def test_samantha_covers_branding_and_analytics_for_digital_marketing_coordinator(
    demo_db,
) -> None:
    report = _report(demo_db, "Samantha Kolb", "Digital Marketing Coordinator")
    branding = _line(report, "Branding")
    analytics = _line(report, "Marketing analytics")
    assert branding.coverage is Coverage.COVERED
    assert analytics.coverage is Coverage.COVERED
    sources = {e.title for e in analytics.evidence}
    assert {"Digital Marketing Bootcamp", "Digital Marketing Assistant"} <= sources
    bootcamp = next(e for e in branding.evidence if e.title == "Digital Marketing Bootcamp")
    assert bootcamp.level is SkillLevel.WORKING
    assert bootcamp.date is not None and bootcamp.date.display() == "Oct 2020"


def test_partial_means_level_below_or_only_expired_evidence(demo_db) -> None:
    report = _report(demo_db, "Samantha Kolb", "Digital Marketing Coordinator")
    seo = _line(report, "Search engine optimization")
    assert seo.coverage is Coverage.PARTIAL
    assert seo.best_level is SkillLevel.AWARENESS
    assert "working needed" in seo.reason
    web = _line(report, "Web analytics")  # only from the expired Google certificate
    assert web.coverage is Coverage.PARTIAL
    assert web.reason == "only expired credentials"
    assert _line(report, "Email marketing").coverage is Coverage.MISSING


def test_a_claim_without_evidence_is_only_partial(demo_db) -> None:
    with demo_db.session() as s:
        sam = learners.find_learner(s, "Samantha Kolb").id
        skill = find_skill_by_label(s, "Email marketing")
        assert skill is not None
        s.add(LearnerSkill(learner_id=sam, skill_id=skill.id, level=SkillLevel.PROFICIENT))
    line = _line(
        _report(demo_db, "Samantha Kolb", "Digital Marketing Coordinator"), "Email marketing"
    )
    assert line.coverage is Coverage.PARTIAL
    assert line.reason == "claimed without evidence"


def test_essential_skills_come_first_and_the_score_follows_the_documented_weights(
    demo_db,
) -> None:
    report = _report(demo_db, "Samantha Kolb", "Digital Marketing Coordinator")
    importances = [line.importance for line in report.lines]
    assert importances == sorted(importances, key=lambda i: i is Importance.OPTIONAL)
    weight = {Importance.ESSENTIAL: 2, Importance.OPTIONAL: 1}
    share = {Coverage.COVERED: 1, Coverage.PARTIAL: 0.5, Coverage.MISSING: 0}
    earned = sum(weight[x.importance] * share[x.coverage] for x in report.lines)
    total = sum(weight[x.importance] for x in report.lines)
    assert report.score == pytest.approx(100 * earned / total)
    assert 0 < report.score < 100


@pytest.mark.parametrize(
    ("learner", "role"),
    [
        ("Samantha Kolb", "Digital Marketing Coordinator"),
        ("Audrey Heath", "Communications Officer"),
        ("Daniel Moreau", "Cloud Administrator"),
    ],
)
def test_the_coverage_figure_adds_up_from_the_counts_under_the_stated_rule(
    demo_db, learner: str, role: str
) -> None:
    report = _report(demo_db, learner, role)

    def count(importance: Importance, coverage: Coverage) -> int:
        return sum(1 for x in report.lines if (x.importance, x.coverage) == (importance, coverage))

    ess, opt = Importance.ESSENTIAL, Importance.OPTIONAL
    # The rule in words: essential 2 points, optional 1, partly covered earns half.
    possible = 2 * len(report.lines) - sum(1 for x in report.lines if x.importance is opt)
    earned = (
        2 * count(ess, Coverage.COVERED)
        + count(opt, Coverage.COVERED)
        + (2 * count(ess, Coverage.PARTIAL) + count(opt, Coverage.PARTIAL)) / 2
    )
    assert report.coverage_rule() == (
        f"{earned:g} of {possible:g} points: an essential skill is worth 2 points and an "
        "optional one 1; a partly covered skill earns half its points."
    )
    assert report.coverage_headline() == f"{round(100 * earned / possible)}% coverage"
    covered, partial, missing = (len(report.with_coverage(c)) for c in Coverage)
    assert covered + partial + missing == len(report.lines)
    assert report.coverage_counts() == (
        f"{covered} covered · {partial} partly covered · {missing} missing"
    )


def test_cloud_administrator_suggests_the_vcc_ubc_microsoft_azure_program(demo_db) -> None:
    report = _report(demo_db, "Samantha Kolb", "Cloud Administrator")
    keys = [s.program.key for s in report.suggestions]
    assert "vcc-ubc-canada-skills-program-azure" in keys
    azure = next(
        s for s in report.suggestions if s.program.key == "vcc-ubc-canada-skills-program-azure"
    )
    assert "Azure administration" in azure.closes
    assert "Microsoft Azure" not in azure.closes, "a covered skill is not part of the gap"


def test_a_program_the_learner_already_holds_is_not_suggested(demo_db) -> None:
    report = _report(demo_db, "Samantha Kolb", "Digital Marketing Coordinator")
    names = [s.program.name for s in report.suggestions]
    assert "Digital Marketing Bootcamp" not in names  # she completed it in 2020
    assert "Google Analytics Certification" in names  # hers expired: renewing closes a gap


WRITING = "FASS Forward micro-course: Writing"


def test_a_micro_course_completed_under_a_shorter_title_is_not_suggested(demo_db) -> None:
    # Audrey's credential is "FASS Forward: Writing" from Simon Fraser University; the catalog
    # names the program "FASS Forward micro-course: Writing" from SFU's arts faculty.
    report = _report(demo_db, "Audrey Heath", "Communications Officer")
    audrey = [s.program.name for s in report.suggestions]
    assert WRITING not in audrey
    assert "FASS Forward micro-course: Public speaking" not in audrey
    assert "Accredited in Public Relations (APR)" in audrey  # not hers: still suggested
    samantha = _report(demo_db, "Samantha Kolb", "Communications Officer").suggestions
    assert WRITING in [s.program.name for s in samantha]  # the program does close that gap


def _azure_learner(db, title: str, issuer: str, status: str) -> str:  # type: ignore[no-untyped-def]
    with db.session() as s:
        roles.ensure_role_library(s)
        programs.ensure_program_catalog(s)
        learners.create_learner(s, LearnerInput(name="Ines Park"))
        credentials.create_credential(
            s,
            learners.find_learner(s, "Ines Park").id,
            CredentialInput(
                title=title,
                kind=CredentialKind.PROFESSIONAL_CERTIFICATION,
                issuer=issuer,
                status=status,  # type: ignore[arg-type]
            ),
        )
    return "Ines Park"


AZ_104 = "Microsoft Certified: Azure Administrator Associate (AZ-104)"


def test_a_program_in_progress_is_not_suggested(db) -> None:
    name = _azure_learner(
        db, "Microsoft Certified: Azure Administrator Associate", "Microsoft", "in_progress"
    )
    names = [s.program.name for s in _report(db, name, "Cloud Administrator").suggestions]
    assert AZ_104 not in names
    assert "Microsoft Certified: Azure Fundamentals (AZ-900)" in names


def test_the_same_title_from_another_issuer_is_another_program(db) -> None:
    name = _azure_learner(
        db, "Microsoft Certified: Azure Administrator Associate", "Acme Training", "in_progress"
    )
    names = [s.program.name for s in _report(db, name, "Cloud Administrator").suggestions]
    assert AZ_104 in names


def _program(name: str, weeks: float | None, skill_ids: tuple[int, ...]) -> ProgramRecord:
    return ProgramRecord(
        id=hash(name) % 10_000,
        key=None,
        name=name,
        provider="",
        partners=(),
        url="",
        duration_text="",
        duration_weeks=weeks,
        delivery_mode=None,
        credential_kind=None,
        credit_value=None,
        credit_unit=None,
        stacks_toward="",
        audience="",
        description="",
        source=SkillSource.CUSTOM,
        skill_ids=skill_ids,
    )


def _gap_line(skill_id: int, coverage: Coverage = Coverage.MISSING) -> GapLine:
    return GapLine(
        skill_id=skill_id,
        label=f"Skill {skill_id}",
        importance=Importance.ESSENTIAL,
        min_level=SkillLevel.WORKING,
        coverage=coverage,
        best_level=None,
        reason="",
    )


def test_a_short_program_closing_two_skills_beats_a_long_one_closing_three() -> None:
    lines = tuple(_gap_line(i) for i in (1, 2, 3, 4))
    short = _program("Short course", 4, (1, 2))
    long = _program("Long diploma", 40, (1, 2, 3))
    unknown = _program("Unknown length", None, (1, 2, 3, 4))
    ranked = rank_programs(lines, [long, unknown, short])
    assert [s.program.name for s in ranked] == ["Short course", "Long diploma", "Unknown length"]
    assert ranked[0].per_week == pytest.approx(4 / 4)  # two essential skills = 4 points
    assert ranked[1].per_week == pytest.approx(6 / 40)
    assert ranked[2].per_week is None


def test_closing_a_partial_skill_counts_half_and_covered_skills_count_nothing() -> None:
    lines = (_gap_line(1, Coverage.PARTIAL), _gap_line(2, Coverage.COVERED))
    ranked = rank_programs(lines, [_program("Refresher", 2, (1, 2)), _program("Same", 1, (2,))])
    assert [s.program.name for s in ranked] == ["Refresher"]
    assert ranked[0].gap_points == pytest.approx(1.0)
    assert ranked[0].closes == ("Skill 1",)


def test_custom_role_gap_for_a_new_learner_is_all_missing(db) -> None:
    with db.session() as s:
        roles.ensure_role_library(s)
        learner = learners.create_learner(s, LearnerInput(name="Zoë Łukasz-Żółć"))
        credentials.create_credential(
            s,
            learner,
            CredentialInput(
                title="Intro to Azure",
                kind=CredentialKind.COURSE,
                status="in_progress",  # type: ignore[arg-type]
                skills=(SkillLinkInput(label="Microsoft Azure"),),
            ),
        )
        role = roles.create_role(
            s,
            RoleInput(
                name="Azure helper",
                skills=(RoleSkillInput(key="microsoft-azure"), RoleSkillInput(key="powershell")),
            ),
        )
        report = gap_report(s, learner, role, TODAY)
    assert report.learner_name == "Zoë Łukasz-Żółć"
    assert [x.coverage for x in report.lines] == [Coverage.PARTIAL, Coverage.MISSING]
    assert report.lines[0].reason == "still in progress"
    assert report.score == pytest.approx(25.0)
