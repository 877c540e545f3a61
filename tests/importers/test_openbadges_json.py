"""Open Badges JSON: the OB 3.0 specification examples, OB 2.0 with linked documents, keys."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.models.base import CredentialKind, CreditUnit, VerificationStatus

IO = Path(__file__).resolve().parent.parent / "data" / "io"


@pytest.mark.parametrize(
    ("name", "title", "issuer"),
    [
        ("ob3-basicOpenBadgeCredential.json", "Teamwork", "Example Corp"),
        ("ob3-achievementAlignmentCase.json", "Text analysis", "Example University"),
        ("ob3-skillAssertionCase.json", "Robot Programming", "1EdTech University"),
        ("ob3-fullOpenBadge.json", "1EdTech University Degree", "1EdTech University"),
    ],
)
def test_every_ob3_example_imports(real_world, name: str, title: str, issuer: str) -> None:  # type: ignore[no-untyped-def]
    [bundle] = read_paths([real_world("openbadges", name)])
    [cred] = bundle.credentials
    assert (cred.data.title, cred.data.issuer) == (title, issuer)
    assert cred.data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert cred.attachments[0].media_type == "application/json"


def test_full_ob3_example_maps_kind_credits_dates_tags_evidence_and_alignments(real_world) -> None:  # type: ignore[no-untyped-def]
    [bundle] = read_paths([real_world("openbadges", "ob3-fullOpenBadge.json")])
    data = bundle.credentials[0].data
    assert data.kind == CredentialKind.DEGREE
    assert data.credit_value == 42.0 and data.credit_unit == CreditUnit.CREDITS  # creditsEarned
    assert data.end_date is not None and data.end_date.iso() == "2010-01-01"
    assert data.expiry_date is not None and data.expiry_date.iso() == "2030-01-01"
    assert data.field_of_study == "Research"
    assert data.tags == ("research", "computer science")
    assert "https://github.com/somebody/project" in data.evidence_links
    assert data.skills[0].uri == "https://1edtech.edu/catalog/degree"
    assert data.credential_id == "http://1edtech.edu/credentials/3732"
    assert "Degree Requirements" in data.description


def test_ob3_competency_alignment_keeps_the_framework_uri(real_world) -> None:  # type: ignore[no-untyped-def]
    [bundle] = read_paths([real_world("openbadges", "ob3-skillAssertionCase.json")])
    [skill] = bundle.credentials[0].data.skills
    assert skill.label == "Robot Programming"
    assert skill.uri == "https://robotics-competencies.example.com/competencies/robot-programming"


def test_ob2_assertion_with_linked_badge_says_what_is_missing(real_world) -> None:  # type: ignore[no-untyped-def]
    bundles = read_paths(
        [
            real_world("openbadges", "ob2-example-0-Assertion.json"),
            real_world("openbadges", "ob2-example-2-Issuer.json"),
        ]
    )
    [bundle] = bundles
    [cred] = bundle.credentials
    assert cred.data.verification_status == VerificationStatus.NOT_VERIFIED
    assert cred.data.verification_url == "https://example.org/beths-robotics-badge.json"
    assert cred.data.expiry_date is not None and cred.data.expiry_date.iso() == "2017-06-30"
    text = " ".join(bundle.notes)
    assert "robotics-badge.json is only a link and was not fetched" in text
    assert "ob2-example-2-Issuer.json is a linked Open Badges document" in text
    assert "expired on 30 Jun 2017" in text


def test_linked_badgeclass_and_issuer_files_fill_in_an_ob2_assertion(tmp_path: Path) -> None:
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "https://ex.org/a/1",
        "recipient": {"type": "email", "identity": "a@b.c"},
        "issuedOn": "2020-02-02",
        "badge": "https://ex.org/badge",
        "verification": {"type": "hosted"},
    }
    badge = {
        "type": "BadgeClass",
        "id": "https://ex.org/badge",
        "name": "Welding I",
        "issuer": "https://ex.org/org",
    }
    issuer = {"type": "Issuer", "id": "https://ex.org/org", "name": "Camosun College"}
    for name, doc in (("a.json", assertion), ("b.json", badge), ("c.json", issuer)):
        (tmp_path / name).write_text(json.dumps(doc))
    [bundle] = read_paths([tmp_path])
    data = bundle.credentials[0].data
    assert (data.title, data.issuer) == ("Welding I", "Camosun College")


def test_a_supplied_pem_key_checks_a_jws_without_an_embedded_key(tmp_path: Path) -> None:
    token = (IO / "ob3_signed.jwt").read_text()
    header_b64, payload, signature = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
    del header["jwk"]
    # Removing the key changes the signed header, so sign-checking must now fail with the key
    # supplied, and without one it must say it was not checked.
    stripped = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    path = tmp_path / "badge.jwt"
    path.write_text(f"{stripped}.{payload}.{signature}")
    [bundle] = read_paths([path])
    assert bundle.credentials[0].data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "signature not checked" in bundle.credentials[0].data.verification_note
    [bundle] = read_paths([path], key_files=[IO / "signer_public.pem"])
    assert bundle.credentials[0].data.verification_status == VerificationStatus.SIGNATURE_INVALID
    [bundle] = read_paths([IO / "ob3_signed.jwt"], key_files=[IO / "signer_public.pem"])
    assert bundle.credentials[0].data.verification_status == VerificationStatus.SIGNATURE_VALID


def test_vc_1_1_jwt_claims_are_unwrapped(tmp_path: Path) -> None:
    vc = json.loads((IO / "ob3_credential.json").read_text())
    del vc["id"], vc["validFrom"]
    claims = {
        "vc": vc,
        "jti": "urn:uuid:abc",
        "nbf": 1_650_000_000,
        "iss": "https://bcit.example/issuer",
    }
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()  # noqa: E731
    path = tmp_path / "vc.jwt"
    path.write_text(f"{enc({'alg': 'ES256'})}.{enc(claims)}.c2ln")
    [bundle] = read_paths([path])
    data = bundle.credentials[0].data
    assert data.credential_id == "urn:uuid:abc"
    assert data.end_date is not None and data.end_date.iso() == "2022-04-15"


def test_json_that_is_not_a_badge_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "weather.json"
    path.write_text('{"temperature": 3}')
    with pytest.raises(ImportFailed, match=re.escape("weather.json: is JSON, but neither")):
        read_paths([path])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_ob2_signed_as_jws_with_an_ed25519_key(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    header = {"alg": "EdDSA", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}}
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "urn:uuid:1",
        "recipient": {"type": "email", "identity": "a@b.c"},
        "issuedOn": "2019-09-01",
        "verification": {"type": "signed", "creator": "https://ex.org/key"},
        "badge": {
            "type": "BadgeClass",
            "name": "First Aid",
            "issuer": {"type": "Profile", "name": "Red Cross"},
        },
    }
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(assertion).encode())}"
    token = f"{signing_input}.{_b64(key.sign(signing_input.encode()))}"
    path = tmp_path / "first-aid.txt"
    path.write_text(token)
    [bundle] = read_paths([path])
    data = bundle.credentials[0].data
    assert (data.title, data.issuer) == ("First Aid", "Red Cross")
    # Signed with the key in its own header: unaltered, but nothing says Red Cross signed it.
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "unaltered since signing, signer not verified" in data.verification_note
    assert "“Red Cross”" in data.verification_note
    key_file = tmp_path / "red-cross.pem"
    key_file.write_bytes(
        key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    [bundle] = read_paths([path], key_files=[key_file])
    assert bundle.credentials[0].data.verification_status == VerificationStatus.SIGNATURE_VALID


def test_ob3_without_issuer_or_date_is_imported_as_structure_invalid(tmp_path: Path) -> None:
    doc = json.loads((IO / "ob3_credential.json").read_text())
    del doc["issuer"], doc["validFrom"]
    path = tmp_path / "incomplete.json"
    path.write_text(json.dumps(doc))
    [bundle] = read_paths([path])
    data = bundle.credentials[0].data
    assert data.verification_status == VerificationStatus.INVALID
    assert "structure invalid: missing issuer, validFrom" in data.verification_note


@pytest.mark.parametrize("value", ["next spring", "2024-13-45", 20240101, ["2024-01-01"]])
def test_an_expiry_that_cannot_be_read_is_said_not_shown_as_never_expiring(
    tmp_path: Path, value: object
) -> None:
    doc = json.loads((IO / "ob3_credential.json").read_text())
    doc["validUntil"] = value
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(doc))
    [bundle] = read_paths([path])
    data = bundle.credentials[0].data
    assert data.expiry_date is None
    assert "does not expire" not in data.verification_note
    shown = value if isinstance(value, str) else json.dumps(value)
    assert f"its expiry date “{shown}” could not be read" in data.verification_note
    assert any("could not be read" in note for note in bundle.notes)  # the preview says it
