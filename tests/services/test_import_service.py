"""Planning and applying imports: targets, duplicates, merge, and all-or-nothing."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from portfolio.db import Database
from portfolio.errors import UserError
from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.importers.model import ImportBundle, ImportedCredential
from portfolio.models.base import CredentialKind
from portfolio.services.credentials import create_credential, get_credential, list_credentials
from portfolio.services.experience import list_experience
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import MERGE, NEW, SKIP, plan_import
from portfolio.services.learners import create_learner, find_learner, get_learner
from portfolio.services.records import CredentialInput, LearnerInput

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def bundle(*titles: str, **fields: object) -> ImportBundle:
    return ImportBundle(
        source="test.csv",
        format="csv",
        credentials=tuple(
            ImportedCredential(CredentialInput(title=t, kind=CredentialKind.CERTIFICATE, **fields))  # type: ignore[arg-type]
            for t in titles
        ),
    )


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, for before/after comparisons."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute("select name from sqlite_master where type='table' order by name")
        ]
        return {t: sorted(con.execute(f'select * from "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def test_json_resume_creates_the_named_learner_then_reimport_finds_duplicates(
    db: Database, real_world
) -> None:  # type: ignore[no-untyped-def]
    sample = real_world("jsonresume", "sample.resume.json")
    with db.session() as s:
        plan = plan_import(s, read_paths([sample]))
        assert plan.learner_id is None and plan.learner_name == "Richard Hendriks"
        summary = apply_import(s, plan)
    assert (
        summary.created_learner
        and summary.credentials_added == 2
        and summary.experiences_added == 3
    )
    with db.read_session() as s:
        learner = get_learner(s, summary.learner_id)
        assert learner.headline == "Programmer" and learner.languages[0].language == "English"
        plan = plan_import(s, read_paths([sample]))
    assert plan.learner_id == summary.learner_id
    assert [i.action for i in plan.items if i.kind == "credential"] == [SKIP, SKIP]
    assert [i.action for i in plan.items if i.kind == "experience"] == [SKIP, SKIP, SKIP]
    assert plan.items[0].reason == "same title, issuer and date"
    with db.session() as s:
        again = apply_import(s, plan)
        assert (again.credentials_added, again.experiences_added, again.duplicates_skipped) == (
            0,
            0,
            5,
        )
        assert len(list_experience(s, summary.learner_id)) == 3


def test_duplicate_by_credential_id_can_be_merged(db: Database) -> None:
    with db.session() as s:
        learner_id = create_learner(s, LearnerInput(name="Sam"))
        existing = create_credential(
            s,
            learner_id,
            CredentialInput(
                title="Old title", kind=CredentialKind.CERTIFICATE, credential_id="ABC"
            ),
        )
    incoming = bundle("New title", credential_id="ABC", description="Filled in", tags=("x",))
    with db.session() as s:
        plan = plan_import(s, [incoming], "Sam", merge_duplicates=True)
        [item] = plan.items
        assert (item.action, item.duplicate_of, item.reason) == (
            MERGE,
            existing,
            "same credential ID",
        )
        summary = apply_import(s, plan)
    assert summary.credentials_merged == 1 and summary.credentials_added == 0
    with db.read_session() as s:
        merged = get_credential(s, existing)
    assert (
        merged.title == "Old title" and merged.description == "Filled in" and merged.tags == ("x",)
    )


def test_per_item_actions_override_the_plan(db: Database) -> None:
    with db.session() as s:
        learner_id = create_learner(s, LearnerInput(name="Sam"))
        create_credential(
            s, learner_id, CredentialInput(title="A", kind=CredentialKind.CERTIFICATE)
        )
    with db.session() as s:
        plan = plan_import(s, [bundle("A", "B", "B")], "Sam")
        assert [i.action for i in plan.items] == [SKIP, NEW, SKIP]
        assert plan.items[2].reason == "listed twice in this import"
        apply_import(s, plan, {plan.items[0].key: NEW})
        assert [r.title for r in list_credentials(s, learner_id)] == ["A", "A", "B"]


def test_target_learner_rules(db: Database) -> None:
    with db.session() as s:
        with pytest.raises(UserError, match=re.escape("Say which learner")):
            plan_import(s, [bundle("A")])
        create_learner(s, LearnerInput(name="Only One"))
        assert plan_import(s, [bundle("A")]).learner_name == "Only One"
        plan = plan_import(s, [bundle("A")], "Brand New")
        assert plan.learner_id is None
        summary = apply_import(s, plan)
        assert find_learner(s, "Brand New").id == summary.learner_id


def test_badge_import_keeps_the_file_and_alignment_uri(db: Database) -> None:
    with db.session() as s:
        create_learner(s, LearnerInput(name="Sam"))
        summary = apply_import(s, plan_import(s, read_paths([IO / "ob2_baked.png"]), "Sam"))
        [row] = list_credentials(s, summary.learner_id)
        cred = get_credential(s, row.id)
        from portfolio.models import CredentialAttachment

        [att] = s.query(CredentialAttachment).all()
    assert att.data == (IO / "ob2_baked.png").read_bytes() and att.media_type == "image/png"
    assert (
        cred.skill_links[0].uri
        == "http://data.europa.eu/esco/skill/ef0a5fe8-2ea0-4c4d-9a25-8e1e1b2a1b2a"
    )
    # The fixture says "signed" but is plain JSON, so it cannot be verified.
    assert cred.verification_status.value == "not_verified"
    assert "holds no signature" in cred.verification_note
    assert cred.source == "openbadges"


def test_an_invalid_record_refuses_the_whole_file_before_writing(db: Database) -> None:
    bad = bundle("Fine", "Also fine", verification_url="javascript:alert(1)")
    with db.session() as s:
        create_learner(s, LearnerInput(name="Sam"))
    with (
        pytest.raises(
            ImportFailed, match=re.escape("test.csv: credential “Fine”: Verification URL")
        ),
        db.session() as s,
    ):
        plan_import(s, [bad], "Sam")


def test_a_failure_half_way_leaves_the_database_exactly_as_it_was(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(demo_db.path)
    import portfolio.services.import_apply as service

    calls = {"n": 0}
    real = service._new_experience

    def explode_on_second(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise ImportFailed("sample.resume.json", "simulated failure half-way")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_new_experience", explode_on_second)
    bundles = read_paths([IO / "linkedin_export.zip"])
    with pytest.raises(ImportFailed, match=re.escape("simulated")), demo_db.session() as s:
        apply_import(s, plan_import(s, bundles, "New Person"))
    assert calls["n"] == 2
    assert dump(demo_db.path) == before
