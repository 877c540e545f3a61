"""JSON Resume export: valid against the official schema, and a round trip keeps what we model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from portfolio.db import Database
from portfolio.export.jsonresume import build_resume, export_resume
from portfolio.importers.detect import read_paths
from portfolio.services.credentials import get_credential, list_credentials
from portfolio.services.experience import get_experience, list_experience
from portfolio.services.import_apply import apply_import
from portfolio.services.import_service import plan_import
from portfolio.services.learners import find_learner, get_learner

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def validator(real_world) -> jsonschema.Draft4Validator:  # type: ignore[no-untyped-def]
    schema = json.loads(real_world("jsonresume", "schema.json").read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_every_demo_learner_exports_a_schema_valid_resume(demo_db: Database, real_world) -> None:  # type: ignore[no-untyped-def]
    check = validator(real_world)
    with demo_db.read_session() as s:
        from portfolio.services.learners import list_learners

        for learner in list_learners(s):
            doc = json.loads(export_resume(s, learner.id))
            errors = [e.message for e in check.iter_errors(doc)]
            assert errors == [], learner.name
            assert doc["basics"]["name"] == learner.name


def test_extras_are_item_level_properties(db: Database, real_world) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        summary = apply_import(s, plan_import(s, read_paths([IO / "ob3_credential.json"]), "Sam"))
        doc = build_resume(s, summary.learner_id)
    validator(real_world).validate(doc)
    [cert] = doc["certificates"]
    assert cert["name"] == "Cloud Foundations" and cert["issuer"] == "BCIT"
    assert cert["expiryDate"] == "2023-05-01" and cert["credits"] == 3.0
    assert cert["credentialId"] == "urn:uuid:7d1f0c7a-0000-4000-8000-000000000003"
    assert cert["skills"][0]["uri"] == "http://data.europa.eu/esco/skill/cloud-0001"
    assert cert["kind"] == "micro_credential"


def test_sample_round_trip_keeps_what_we_model(db: Database, real_world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        first = apply_import(
            s, plan_import(s, read_paths([real_world("jsonresume", "sample.resume.json")]))
        )
        path = tmp_path / "out.json"
        path.write_bytes(export_resume(s, first.learner_id))
    validator(real_world).validate(json.loads(path.read_bytes()))
    with db.session() as s:
        second = apply_import(s, plan_import(s, read_paths([path]), "Richard Copy"))
        a, b = first.learner_id, second.learner_id
        la, lb = get_learner(s, a), get_learner(s, b)
        assert (
            la.headline,
            la.email,
            la.phone,
            la.website,
            la.summary,
            la.links,
            la.languages,
        ) == (lb.headline, lb.email, lb.phone, lb.website, lb.summary, lb.links, lb.languages)
        keep = (
            "title",
            "kind",
            "issuer",
            "field_of_study",
            "start_date",
            "end_date",
            "expiry_date",
            "credential_id",
            "verification_url",
            "credit_value",
            "description",
            "notes",
            "tags",
        )
        ca = [get_credential(s, r.id) for r in list_credentials(s, a)]
        cb = [get_credential(s, r.id) for r in list_credentials(s, b)]
        assert [[getattr(c, k) for k in keep] for c in ca] == [
            [getattr(c, k) for k in keep] for c in cb
        ]
        ekeep = (
            "title",
            "organization",
            "kind",
            "location",
            "start_date",
            "end_date",
            "current",
            "description",
            "highlights",
            "url",
        )
        ea = [get_experience(s, r.id) for r in list_experience(s, a)]
        eb = [get_experience(s, r.id) for r in list_experience(s, b)]
        assert sorted([getattr(e, k) for k in ekeep] for e in ea) == sorted(
            [getattr(e, k) for k in ekeep] for e in eb
        )
        assert sorted(x.label for e in ea for x in e.skill_links) == sorted(
            x.label for e in eb for x in e.skill_links
        )
        assert find_learner(s, "Richard Copy").id == b
