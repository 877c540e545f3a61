"""Stackable pathways: credits, all-of and counts-toward rules, derived from stacking too."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.errors import ValidationError
from portfolio.models import CredentialKind, CredentialStatus, CreditUnit, PathwayRule
from portfolio.services import credentials, learners, pathways
from portfolio.services.demo import load_demo
from portfolio.services.goal_records import PathwayInput, PathwayItemInput
from portfolio.services.records import CredentialInput, LearnerInput

TODAY = dt.date(2026, 11, 29)


def _progress(db, name: str):  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return pathways.pathway_progress(s, learners.find_learner(s, name).id, TODAY)


def test_audrey_has_three_credits_toward_her_ba(demo_db) -> None:
    [fass] = _progress(demo_db, "Audrey Heath")
    assert fass.rule is PathwayRule.CREDITS
    assert fass.target == "Bachelor of Arts, Communication"
    assert fass.credits_earned == 3
    assert fass.summary() == "3 of 3 credits"
    assert fass.complete and fass.left == ()
    assert [i.title for i in fass.items] == [
        "FASS Forward: Writing",
        "FASS Forward: Public Speaking",
        "FASS Forward: Conflict Negotiation",
    ]


def test_daniels_micromasters_is_half_way_toward_the_royal_roads_mba(demo_db) -> None:
    [micro] = _progress(demo_db, "Daniel Moreau")
    assert micro.rule is PathwayRule.COUNTS_TOWARD
    assert "Royal Roads" in micro.target
    assert (micro.items_done, len(micro.items)) == (3, 6)
    assert micro.fraction == pytest.approx(0.5)
    assert micro.summary() == "3 of 6 done"
    assert [i.state for i in micro.left] == ["in progress", "planned", "planned"]
    assert micro.left[0].title == "SC3x: Supply Chain Dynamics"


def test_demo_goals_are_added_once_even_when_loaded_again(demo_db) -> None:
    with demo_db.session() as s:
        load_demo(s)
    assert len(_progress(demo_db, "Audrey Heath")) == 1
    assert len(_progress(demo_db, "Daniel Moreau")) == 1


def _learner_with_stack(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        learner = learners.create_learner(s, LearnerInput(name="Pat Example"))
        cert = credentials.create_credential(
            s,
            learner,
            CredentialInput(
                title="Certificate in Data Skills",
                kind=CredentialKind.CERTIFICATE,
                status=CredentialStatus.IN_PROGRESS,
            ),
        )
        ids = [
            credentials.create_credential(
                s,
                learner,
                CredentialInput(
                    title=f"Module {n}",
                    kind=CredentialKind.COURSE,
                    status=status,
                    credit_value=1.5,
                    credit_unit=CreditUnit.CREDITS,
                    stacks_into_id=cert,
                ),
            )
            for n, status in (
                (1, CredentialStatus.COMPLETED),
                (2, CredentialStatus.IN_PROGRESS),
            )
        ]
    return learner, cert, ids


def test_a_pathway_is_derived_from_credentials_that_stack_into_a_target(db) -> None:
    learner, _cert, _ids = _learner_with_stack(db)
    with db.read_session() as s:
        [derived] = pathways.pathway_progress(s, learner, TODAY)
    assert derived.derived
    assert derived.target == "Certificate in Data Skills"
    assert derived.credits_earned == 1.5
    assert [i.title for i in derived.left] == ["Module 2"]


def test_a_recorded_credits_pathway_replaces_the_derived_one_and_counts_planned_items(db) -> None:
    learner, cert, ids = _learner_with_stack(db)
    with db.session() as s:
        pathways.create_pathway(
            s,
            learner,
            PathwayInput(
                name="Data certificate",
                rule=PathwayRule.CREDITS,
                target_credential_id=cert,
                credits_required=6,
                credit_unit=CreditUnit.CREDITS,
                items=(
                    *(PathwayItemInput(credential_id=i) for i in ids),
                    PathwayItemInput(planned_title="Module 3", credit_value=3),
                ),
            ),
        )
    with db.read_session() as s:
        [recorded] = pathways.pathway_progress(s, learner, TODAY)
    assert not recorded.derived
    assert recorded.summary() == "1.5 of 6 credits"
    assert recorded.fraction == pytest.approx(0.25)
    assert [i.title for i in recorded.left] == ["Module 2", "Module 3"]


def test_invalid_pathways_are_refused(db, demo_db) -> None:
    learner, cert, _ids = _learner_with_stack(db)
    with db.session() as s:
        other = learners.find_learner(s, "Audrey Heath").id
        with pytest.raises(ValidationError, match="credits required"):
            pathways.create_pathway(
                s, learner, PathwayInput(name="No target size", target_credential_id=cert)
            )
        with pytest.raises(ValidationError, match="learner's own credentials"):
            pathways.create_pathway(
                s,
                other,
                PathwayInput(name="Borrowed", rule=PathwayRule.ALL_OF, target_credential_id=cert),
            )
