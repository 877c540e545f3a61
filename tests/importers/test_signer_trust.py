"""A signature proves who signed only with a key tied to the issuer (issue #18, group 8).

A JWS whose key travels in its own `jwk` header can be made by anyone naming any issuer: it shows
the badge unaltered, never "signature valid". The key counts as the issuer's when the user
supplies it, when the issuer's own profile publishes it, or when it is the issuer's own did:key.
A JWS with a `crit` header naming something we do not understand is refused (RFC 7515 §4.1.11).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.importers.multikey import ed25519_to_multikey
from portfolio.models.base import VerificationStatus

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwk(private: Ed25519PrivateKey) -> dict[str, str]:
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}


def credential(issuer: dict[str, Any] | str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "id": "urn:uuid:trust-1",
        "issuer": issuer,
        "validFrom": "2024-01-10T00:00:00Z",
        "credentialSubject": {"achievement": {"name": "PhD in Physics"}},
    }


def jws_file(tmp_path: Path, payload: Any, header: dict[str, Any]) -> Path:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    path = tmp_path / "badge.jwt"
    path.write_text(f"{signing_input}.{_b64(KEY.sign(signing_input.encode()))}")
    return path


def imported(path: Path, keys: list[Path] | None = None):  # type: ignore[no-untyped-def]
    [bundle] = read_paths([path], key_files=keys or [])
    return bundle.credentials[0].data, bundle.notes


MIT = {"id": "https://mit.example.edu/issuer", "type": "Profile", "name": "MIT"}


def test_a_badge_signed_with_the_key_in_its_own_header_is_not_signature_valid(
    tmp_path: Path,
) -> None:
    path = jws_file(tmp_path, credential(MIT), {"alg": "EdDSA", "jwk": _jwk(KEY)})
    data, notes = imported(path)
    assert data.issuer == "MIT"
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert data.verification_note.startswith("unaltered since signing, signer not verified")
    assert "“MIT”" in data.verification_note
    assert "signature valid" not in " ".join(notes)  # what the preview shows


def test_the_same_badge_is_signature_valid_with_the_issuers_key_supplied(tmp_path: Path) -> None:
    path = jws_file(tmp_path, credential(MIT), {"alg": "EdDSA", "jwk": _jwk(KEY)})
    key_file = tmp_path / "mit.pem"
    key_file.write_bytes(
        KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    data, _ = imported(path, [key_file])
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID
    assert data.verification_note.startswith(
        "signature valid (EdDSA, checked with the supplied key"
    )


def test_a_key_the_issuers_profile_publishes_ties_the_signature_to_it(tmp_path: Path) -> None:
    profile = {**MIT, "verificationMethod": [{"type": "JsonWebKey", "publicKeyJwk": _jwk(KEY)}]}
    path = jws_file(tmp_path, credential(profile), {"alg": "EdDSA", "jwk": _jwk(KEY)})
    data, _ = imported(path)
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID
    assert "a key the issuer's profile publishes" in data.verification_note
    # A profile that publishes some other key does not vouch for this one.
    other = Ed25519PrivateKey.generate()
    profile = {**MIT, "publicKeyJwk": _jwk(other)}
    data, _ = imported(jws_file(tmp_path, credential(profile), {"alg": "EdDSA", "jwk": _jwk(KEY)}))
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID


def test_a_linked_ob2_issuer_profile_can_publish_the_key(tmp_path: Path) -> None:
    (tmp_path / "issuer.json").write_text(
        json.dumps(
            {
                "@context": "https://w3id.org/openbadges/v2",
                "type": "Issuer",
                "id": "https://redcross.example/issuer",
                "name": "Red Cross",
                "publicKey": "https://redcross.example/key",
            }
        )
    )
    pem = KEY.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "key.json").write_text(
        json.dumps(
            {
                "@context": "https://w3id.org/openbadges/v2",
                "type": "CryptographicKey",
                "id": "https://redcross.example/key",
                "owner": "https://redcross.example/issuer",
                "publicKeyPem": pem.decode(),
            }
        )
    )
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "urn:uuid:2",
        "recipient": {"type": "email", "identity": "a@b.c"},
        "issuedOn": "2019-09-01",
        "verification": {"type": "signed", "creator": "https://redcross.example/key"},
        "badge": {
            "type": "BadgeClass",
            "name": "First Aid",
            "issuer": "https://redcross.example/issuer",
        },
    }
    jws_file(tmp_path, assertion, {"alg": "EdDSA", "jwk": _jwk(KEY)})
    bundles = read_paths([tmp_path])
    [data] = [c.data for b in bundles for c in b.credentials]
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID, data.verification_note
    assert "a key the issuer's profile publishes" in data.verification_note


def test_a_did_key_that_is_the_issuers_own_id_ties_the_signature(tmp_path: Path) -> None:
    did = "did:key:" + ed25519_to_multikey(KEY.public_key())
    mine = credential({"id": did, "type": "Profile", "name": "MIT"})
    data, _ = imported(jws_file(tmp_path, mine, {"alg": "EdDSA", "kid": did}))
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID
    # The same did:key naming MIT's https id instead proves nothing about MIT.
    data, _ = imported(jws_file(tmp_path, credential(MIT), {"alg": "EdDSA", "kid": did}))
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "signer not verified" in data.verification_note


@pytest.mark.parametrize(
    ("crit", "words"),
    [
        (["exp"], "marks “exp” as critical"),
        (["b64", "urn:example:policy"], "marks “b64”, “urn:example:policy” as critical"),
        ([], "is not a list of header names"),
        ("exp", "is not a list of header names"),
    ],
)
def test_a_jws_with_a_critical_header_we_do_not_understand_is_refused(
    tmp_path: Path, crit: Any, words: str
) -> None:
    header = {"alg": "EdDSA", "jwk": _jwk(KEY), "crit": crit, "exp": 1, "b64": False}
    with pytest.raises(ImportFailed, match=words):
        read_paths([jws_file(tmp_path, credential(MIT), header)])
