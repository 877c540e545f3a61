"""The portable portfolio file: export, import into a fresh database, and nothing is lost."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from pathlib import Path

import pytest

from portfolio.db import Database, open_database
from portfolio.errors import UserError
from portfolio.export.portfolio_export import export_portfolio
from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.models import (
    Credential,
    CredentialAttachment,
    CvVariant,
    CvVariantItem,
    LearnerSkill,
    LearnerTargetRole,
    Pathway,
    PathwayItem,
    Program,
    RoleSkill,
    SessionAction,
    SessionNote,
    Skill,
    TargetRole,
)
from portfolio.models.base import CvItemState, PathwayRule, SkillLevel
from portfolio.services.credentials import get_credential, list_credentials
from portfolio.services.experience import get_experience, list_experience
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import plan_import
from portfolio.services.learners import find_learner, get_learner


def owned_row_counts(session, learner_id: int) -> dict[str, int]:
    """How many rows of each learner-owned kind belong to `learner_id` (demo data included)."""
    from sqlalchemy import func, select

    def count(stmt) -> int:
        return int(session.scalar(select(func.count()).select_from(stmt.subquery())))

    variants = select(CvVariant.id).where(CvVariant.learner_id == learner_id)
    pathways = select(Pathway.id).where(Pathway.learner_id == learner_id)
    creds = select(Credential.id).where(Credential.learner_id == learner_id)
    return {
        "SessionNote": count(select(SessionNote.id).where(SessionNote.learner_id == learner_id)),
        "SessionAction": count(
            select(SessionAction.id).where(SessionAction.learner_id == learner_id)
        ),
        "CvVariant": count(variants),
        "CvVariantItem": count(
            select(CvVariantItem.id).where(CvVariantItem.variant_id.in_(variants))
        ),
        "Pathway": count(pathways),
        "PathwayItem": count(select(PathwayItem.id).where(PathwayItem.pathway_id.in_(pathways))),
        "LearnerSkill": count(
            select(LearnerSkill.skill_id).where(LearnerSkill.learner_id == learner_id)
        ),
        "CredentialAttachment": count(
            select(CredentialAttachment.id).where(CredentialAttachment.credential_id.in_(creds))
        ),
        "LearnerTargetRole": count(
            select(LearnerTargetRole.role_id).where(LearnerTargetRole.learner_id == learner_id)
        ),
    }


def enrich(db: Database) -> int:
    """Give Audrey Heath (demo) one of every kind of row a learner can own."""
    with db.session() as s:
        learner_id = find_learner(s, "Audrey Heath").id
        creds = list_credentials(s, learner_id)
        first, second = creds[0].id, creds[1].id
        skill = s.query(Skill).filter(Skill.uri.is_(None)).first()
        assert skill is not None
        esco = Skill(
            label="manage budgets",
            label_key="manage budgets",
            uri="http://data.europa.eu/esco/skill/x-1",
        )
        s.add(esco)
        s.flush()
        s.add(
            LearnerSkill(
                learner_id=learner_id,
                skill_id=esco.id,
                level=SkillLevel.EXPERT,
                note="self-assessed",
            )
        )
        s.add(
            CredentialAttachment(
                credential_id=first,
                filename="badge.png",
                media_type="image/png",
                sha256="00",
                data=b"\x89PNG\x00\xff",
            )
        )
        role = TargetRole(name="Data Analyst (test)", name_key="data analyst (test)")
        s.add(role)
        s.flush()
        s.add(RoleSkill(role_id=role.id, skill_id=skill.id))
        s.add(LearnerTargetRole(learner_id=learner_id, role_id=role.id, position=0))
        program = Program(name="SFU BA Completion", provider="SFU")
        s.add(program)
        s.flush()
        note = SessionNote(
            learner_id=learner_id, held_on=dt.date(2024, 5, 2), body="Talked about stacking."
        )
        s.add(note)
        s.flush()
        s.add(
            SessionAction(
                learner_id=learner_id,
                note_id=note.id,
                text="Enrol in FASS 3",
                due_on=dt.date(2024, 6, 1),
            )
        )
        variant = CvVariant(
            learner_id=learner_id,
            name="Analyst CV",
            target_role_id=role.id,
            focus_skill_ids=[esco.id, skill.id],
            options={"qr_codes": True},
        )
        s.add(variant)
        s.flush()
        s.add(CvVariantItem(variant_id=variant.id, credential_id=second, state=CvItemState.PINNED))
        s.add(
            CvVariantItem(
                variant_id=variant.id, skill_id=esco.id, state=CvItemState.HIDDEN, position=1
            )
        )
        pathway = Pathway(
            learner_id=learner_id,
            name="BA",
            rule=PathwayRule.CREDITS,
            target_credential_id=second,
            program_id=program.id,
            credits_required=120,
        )
        s.add(pathway)
        s.flush()
        s.add(PathwayItem(pathway_id=pathway.id, credential_id=first, credit_value=1))
        s.add(PathwayItem(pathway_id=pathway.id, planned_title="FASS Forward 4", position=1))
    return learner_id


def test_portfolio_file_round_trip_is_equal(demo_db: Database, tmp_path: Path) -> None:
    learner_id = enrich(demo_db)
    with demo_db.read_session() as s:
        data = export_portfolio(s, learner_id)
        before_learner = get_learner(s, learner_id)
        before_creds = [get_credential(s, r.id) for r in list_credentials(s, learner_id)]
        before_exps = [get_experience(s, r.id) for r in list_experience(s, learner_id)]
        before_counts = owned_row_counts(s, learner_id)
    path = tmp_path / "audrey.lpportfolio"
    path.write_bytes(data)

    fresh = open_database(tmp_path / "laptop.sqlite")
    try:
        with fresh.session() as s:
            plan = plan_import(s, read_paths([path]))
            summary = apply_import(s, plan)
        with fresh.read_session() as s:
            new_id = summary.learner_id
            after_learner = get_learner(s, new_id)
            after_creds = [get_credential(s, r.id) for r in list_credentials(s, new_id)]
            after_exps = [get_experience(s, r.id) for r in list_experience(s, new_id)]
            again = export_portfolio(s, new_id)
            counts = {
                model.__name__: s.query(model).count()
                for model in (
                    SessionNote,
                    SessionAction,
                    CvVariant,
                    CvVariantItem,
                    Pathway,
                    PathwayItem,
                    LearnerSkill,
                    CredentialAttachment,
                    LearnerTargetRole,
                )
            }
    finally:
        fresh.dispose()

    if again != data:
        import difflib

        print(
            "\n".join(
                difflib.unified_diff(
                    data.decode().splitlines(), again.decode().splitlines(), lineterm=""
                )
            )
        )
    assert again == data  # the whole document, byte for byte
    ignore = {"id", "learner_id", "issuer_id", "stacks_into_id", "skill_links", "skills"}
    assert {
        f.name: getattr(after_learner, f.name) for f in fields(after_learner) if f.name != "id"
    } == {f.name: getattr(before_learner, f.name) for f in fields(before_learner) if f.name != "id"}
    assert len(after_creds) == len(before_creds) >= 3
    for old, new in zip(before_creds, after_creds, strict=True):
        for f in fields(old):
            if f.name not in ignore:
                assert getattr(new, f.name) == getattr(old, f.name), f.name
        assert [(x.label, x.uri, x.level) for x in new.skill_links] == [
            (x.label, x.uri, x.level) for x in old.skill_links
        ]
        old_target = next((c.title for c in before_creds if c.id == old.stacks_into_id), None)
        new_target = next((c.title for c in after_creds if c.id == new.stacks_into_id), None)
        assert new_target == old_target
    assert any(c.stacks_into_id for c in before_creds)
    for old_e, new_e in zip(before_exps, after_exps, strict=True):
        for f in fields(old_e):
            if f.name not in ignore:
                assert getattr(new_e, f.name) == getattr(old_e, f.name), f.name
    assert counts == before_counts
    assert all(before_counts.values()), "the enriched learner owns one of every kind of row"
    doc = json.loads(data)
    assert doc["format"] == "learner-portfolio" and doc["version"] == 1


def test_a_newer_or_inconsistent_portfolio_file_is_refused(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "x.lpportfolio"
    path.write_text(json.dumps({"format": "learner-portfolio", "version": 99, "tables": {}}))
    with pytest.raises(ImportFailed, match="newer Learner Portfolio"):
        read_paths([path])
    path.write_text(
        json.dumps(
            {
                "format": "learner-portfolio",
                "version": 1,
                "tables": {
                    "learner": [{"id": 1, "name": "Zoë"}],
                    "credential": [{"id": 1, "learner_id": 7, "title": "X", "kind": "course"}],
                },
            }
        )
    )
    bundles = read_paths([path])
    with pytest.raises(ImportFailed, match="inconsistent"), db.session() as s:
        apply_import(s, plan_import(s, bundles))
    with db.read_session() as s:
        from portfolio.services.learners import list_learners

        assert list_learners(s) == []


def test_importing_a_portfolio_beside_a_learner_of_the_same_name(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.read_session() as s:
        path = tmp_path / "audrey.lpportfolio"
        path.write_bytes(export_portfolio(s, find_learner(s, "Audrey Heath").id))
    with demo_db.session() as s:
        plan = plan_import(s, read_paths([path]))
        assert plan.learner_name == "Audrey Heath (2)"
        assert any("is taken" in note for note in plan.notes)
        apply_import(s, plan)
        with pytest.raises(UserError, match="already exists"):
            plan_import(s, read_paths([path]), "Audrey Heath")
