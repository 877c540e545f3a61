"""Data Integrity proofs on Open Badges 3.0 credentials: eddsa-jcs-2022 checked offline with an
embedded did:key or a supplied key; RDF cryptosuites and web-published keys reported as not
checked, saying why. Plus the JSON Canonicalization Scheme (RFC 8785) and base58btc underneath."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from portfolio.importers.data_integrity import check_document, hash_data, jcs
from portfolio.importers.detect import read_paths
from portfolio.importers.errors import ImportFailed
from portfolio.importers.jws import load_key_file
from portfolio.importers.multikey import (
    base58btc_decode,
    base58btc_encode,
    did_key_ed25519,
    ed25519_from_multikey,
    ed25519_to_multikey,
)
from portfolio.models.base import CredentialKind, VerificationStatus

ISSUER_WEB_KEY = "https://badges.example.edu/issuers/7#key-1"


# --- a signer of our own, written from the specification (vc-di-eddsa 1.0, eddsa-jcs-2022) ---


def did_key(private: Ed25519PrivateKey) -> str:
    return "did:key:" + ed25519_to_multikey(private.public_key())


def sign(
    credential: dict[str, Any],
    private: Ed25519PrivateKey,
    method: str | None = None,
    **options: Any,
) -> dict[str, Any]:
    """The credential secured with an eddsa-jcs-2022 DataIntegrityProof."""
    if method is None:
        multikey = ed25519_to_multikey(private.public_key())
        method = f"did:key:{multikey}#{multikey}"
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2024-05-01T09:30:00Z",
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
        **options,
    }
    config = {**proof, "@context": credential["@context"]}
    to_sign = (
        hashlib.sha256(rfc8785.dumps(config)).digest()
        + hashlib.sha256(rfc8785.dumps(credential)).digest()
    )
    proof["proofValue"] = "z" + base58btc_encode(private.sign(to_sign))
    return {**credential, "proof": proof}


def achievement_credential(
    issuer_id: str = "https://badges.example.edu/issuers/7",
) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:0f8c3a52-8a4e-4bd4-9d7e-2c6f4f9b1a11",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": "Harbour Polytechnic"},
        "validFrom": "2024-05-01T00:00:00Z",
        "name": "Data Wrangling micro-credential",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://badges.example.edu/achievements/data-wrangling",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Data Wrangling — Café Analytics 😀",
                "description": "Cleans and reshapes messy tabular data.",
                "criteria": {"narrative": "Passed four assessed notebooks."},
                "creditsAvailable": 1.0,
            },
        },
    }


@pytest.fixture
def private() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def import_one(path: Path, keys: list[Path] | None = None):  # type: ignore[no-untyped-def]
    [bundle] = read_paths([path], key_files=keys or [])
    [cred] = bundle.credentials
    return cred.data


def write_json(tmp_path: Path, doc: Any, name: str = "badge.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# --- embedded did:key ---


def test_a_credential_signed_with_an_embedded_did_key_imports_as_signature_valid(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    signed = sign(achievement_credential(issuer_id=did_key(private)), private)
    data = import_one(write_json(tmp_path, signed))
    assert data.title == "Data Wrangling — Café Analytics 😀"
    assert data.kind == CredentialKind.MICRO_CREDENTIAL
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID
    assert data.verification_note.startswith(
        "signature valid (Data Integrity proof, eddsa-jcs-2022, checked with the key "
        "embedded in its did:key)"
    )
    assert "not who issued it" not in data.verification_note  # the issuer IS that did:key


def test_a_did_key_that_is_not_the_issuer_says_it_only_proves_the_badge_is_unaltered(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    data = import_one(write_json(tmp_path, sign(achievement_credential(), private)))
    # Anyone can sign a badge naming Harbour Polytechnic with a key of their own: unaltered, yes;
    # signed by the issuer, not shown.
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert data.verification_note.startswith("unaltered since signing, signer not verified")
    assert "“Harbour Polytechnic”" in data.verification_note
    assert "signature valid" not in data.verification_note


def test_a_signed_credential_baked_into_an_svg_is_checked_too(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    signed = json.dumps(
        sign(achievement_credential(issuer_id=did_key(private)), private), ensure_ascii=False
    )
    svg = tmp_path / "badge.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10">'
        f"<openbadges:credential><![CDATA[{signed}]]></openbadges:credential></svg>",
        encoding="utf-8",
    )
    assert import_one(svg).verification_status == VerificationStatus.SIGNATURE_VALID


def _rename_achievement(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["name"] = "Data Wrangling (Advanced)"


def _backdate(doc: dict[str, Any]) -> None:
    doc["validFrom"] = "2020-05-01T00:00:00Z"


def _change_credits(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 10


def _add_a_field(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["achievement"]["tag"] = ["extra"]


def _change_proof_date(doc: dict[str, Any]) -> None:
    doc["proof"]["created"] = "2024-05-02T09:30:00Z"


def _swap_contexts(doc: dict[str, Any]) -> None:
    doc["@context"] = list(reversed(doc["@context"]))


def _flip_one_signature_byte(doc: dict[str, Any]) -> None:
    raw = bytearray(base58btc_decode(doc["proof"]["proofValue"][1:]))
    raw[10] ^= 0x01
    doc["proof"]["proofValue"] = "z" + base58btc_encode(bytes(raw))


@pytest.mark.parametrize(
    "tamper",
    [
        _rename_achievement,
        _backdate,
        _change_credits,
        _add_a_field,
        _change_proof_date,
        _swap_contexts,
        _flip_one_signature_byte,
    ],
)
def test_changing_anything_signed_makes_the_signature_invalid(
    tmp_path: Path, private: Ed25519PrivateKey, tamper: Any
) -> None:
    signed = sign(achievement_credential(), private)
    tamper(signed)
    data = import_one(write_json(tmp_path, signed))
    assert data.verification_status == VerificationStatus.SIGNATURE_INVALID
    assert "signature INVALID" in data.verification_note


def test_whitespace_key_order_and_number_spelling_are_not_tampering(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    signed = sign(achievement_credential(issuer_id=did_key(private)), private)
    text = json.dumps(signed, sort_keys=True, indent=7, ensure_ascii=True)
    text = text.replace('"creditsAvailable": 1.0', '"creditsAvailable": 1.000e0')
    assert "1.000e0" in text
    path = tmp_path / "reformatted.json"
    path.write_text(text, encoding="utf-8")
    assert import_one(path).verification_status == VerificationStatus.SIGNATURE_VALID


def test_a_did_key_of_another_keypair_fails(tmp_path: Path, private: Ed25519PrivateKey) -> None:
    other = Ed25519PrivateKey.generate()
    multikey = ed25519_to_multikey(other.public_key())
    signed = sign(achievement_credential(), private, method=f"did:key:{multikey}#{multikey}")
    data = import_one(write_json(tmp_path, signed))
    assert data.verification_status == VerificationStatus.SIGNATURE_INVALID


def test_a_proof_for_another_purpose_is_not_accepted_as_issuance(
    private: Ed25519PrivateKey,
) -> None:
    signed = sign(achievement_credential(), private, proofPurpose="authentication")
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.SIGNATURE_INVALID
    assert "'authentication', not for issuing a credential (assertionMethod)" in note


def test_a_proof_whose_context_does_not_open_the_credentials_is_invalid(
    private: Ed25519PrivateKey,
) -> None:
    signed = sign(
        achievement_credential(), private, **{"@context": ["https://example.org/other/v1"]}
    )
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.SIGNATURE_INVALID
    assert "@context" in note


@pytest.mark.parametrize("value", ["not-multibase", "z0OIl", "z" + "2" * 40, 42])
def test_a_malformed_proof_value_is_invalid(private: Ed25519PrivateKey, value: Any) -> None:
    signed = sign(achievement_credential(), private)
    signed["proof"]["proofValue"] = value
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.SIGNATURE_INVALID
    assert "proofValue" in note


def test_a_structurally_invalid_credential_stays_invalid_whatever_its_proof(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    credential = achievement_credential(issuer_id=did_key(private))
    del credential["validFrom"]
    data = import_one(write_json(tmp_path, sign(credential, private)))
    assert data.verification_status == VerificationStatus.INVALID
    assert "signature valid" in data.verification_note
    assert "structure invalid: missing validFrom" in data.verification_note


# --- keys published on the web, and keys the user supplies ---


def test_an_https_verification_method_without_a_supplied_key_is_not_checked(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    signed = sign(achievement_credential(), private, method=ISSUER_WEB_KEY)
    data = import_one(write_json(tmp_path, signed))
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert data.verification_note.startswith(
        f"signature not checked: key not embedded ({ISSUER_WEB_KEY}, not fetched)"
    )


def _pem(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def _jwk(private: Ed25519PrivateKey) -> bytes:
    import base64

    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return json.dumps({"kty": "OKP", "crv": "Ed25519", "x": x}).encode()


def _multibase(private: Ed25519PrivateKey) -> bytes:
    return (ed25519_to_multikey(private.public_key()) + "\n").encode()


def _did(private: Ed25519PrivateKey) -> bytes:
    return did_key(private).encode()


def _multikey_document(private: Ed25519PrivateKey) -> bytes:
    doc = {
        "id": ISSUER_WEB_KEY,
        "type": "Multikey",
        "controller": "https://badges.example.edu/issuers/7",
        "publicKeyMultibase": ed25519_to_multikey(private.public_key()),
    }
    return json.dumps(doc).encode()


@pytest.mark.parametrize("encode", [_pem, _jwk, _multibase, _did, _multikey_document])
def test_a_supplied_key_checks_a_proof_whose_key_is_on_the_web(
    tmp_path: Path, private: Ed25519PrivateKey, encode: Any
) -> None:
    key_file = tmp_path / "issuer.key"
    key_file.write_bytes(encode(private))
    signed = sign(achievement_credential(), private, method=ISSUER_WEB_KEY)
    data = import_one(write_json(tmp_path, signed), keys=[key_file])
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID
    assert "checked with the supplied key" in data.verification_note
    assert "not who issued it" not in data.verification_note


def test_a_supplied_key_equal_to_the_did_key_vouches_for_it(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    key_file = tmp_path / "issuer.pem"
    key_file.write_bytes(_pem(private))
    data = import_one(write_json(tmp_path, sign(achievement_credential(), private)), [key_file])
    assert data.verification_status == VerificationStatus.SIGNATURE_VALID
    assert "did:key, which is the supplied key)" in data.verification_note
    assert "not who issued it" not in data.verification_note


def test_a_did_key_other_than_the_supplied_key_is_valid_but_says_it_is_not_that_key(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    key_file = tmp_path / "someone-else.pem"
    key_file.write_bytes(_pem(Ed25519PrivateKey.generate()))
    data = import_one(write_json(tmp_path, sign(achievement_credential(), private)), [key_file])
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "did:key, which is not the supplied key (eddsa-jcs-2022)" in data.verification_note
    assert data.verification_note.startswith("unaltered since signing, signer not verified")


def test_a_supplied_key_that_did_not_sign_it_makes_the_signature_invalid(
    tmp_path: Path, private: Ed25519PrivateKey
) -> None:
    key_file = tmp_path / "wrong.pem"
    key_file.write_bytes(_pem(Ed25519PrivateKey.generate()))
    signed = sign(achievement_credential(), private, method=ISSUER_WEB_KEY)
    data = import_one(write_json(tmp_path, signed), keys=[key_file])
    assert data.verification_status == VerificationStatus.SIGNATURE_INVALID


def test_a_supplied_rsa_key_cannot_check_an_eddsa_proof_and_says_so(
    tmp_path: Path, private: Ed25519PrivateKey, data_dir: Path
) -> None:
    signed = sign(achievement_credential(), private, method=ISSUER_WEB_KEY)
    rsa_key = data_dir / "io" / "signer_public.pem"
    data = import_one(write_json(tmp_path, signed), keys=[rsa_key])
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "and no Ed25519 key was supplied" in data.verification_note


def test_the_cli_import_shows_the_result_with_a_multibase_key(
    tmp_path: Path, private: Ed25519PrivateKey, cli: Any
) -> None:
    key_file = tmp_path / "issuer.multikey"
    key_file.write_bytes(_multibase(private))
    signed = sign(achievement_credential(), private, method=ISSUER_WEB_KEY)
    badge = write_json(tmp_path, signed)
    result = cli("import", str(badge), "--learner", "Ana", "--key", str(key_file), "--dry-run")
    assert result.code == 0, result.err
    assert "signature valid (Data Integrity proof, eddsa-jcs-2022" in result.out


@pytest.mark.parametrize(
    "content",
    [b"zNotBase58!", b"z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", b"did:key:zQ3s"],
)
def test_a_bad_multibase_key_file_is_refused_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    with pytest.raises(ImportFailed, match=r"^bad\.key: is not a multibase Ed25519 public key"):
        load_key_file("bad.key", content)


# --- cryptosuites that cannot be checked offline ---


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-rdf-2022"])
def test_rdf_cryptosuites_are_not_checked_and_the_note_says_why(
    tmp_path: Path, private: Ed25519PrivateKey, suite: str
) -> None:
    signed = sign(achievement_credential(), private, cryptosuite=suite)
    data = import_one(write_json(tmp_path, signed))
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert data.verification_note.startswith(
        f"its Data Integrity proof ({suite}) was not checked: that cryptosuite signs the RDF "
        "canonical form of the credential, which needs its JSON-LD contexts, and those are "
        "not fetched"
    )


def test_an_unknown_cryptosuite_and_a_legacy_proof_type_are_not_checked(
    private: Ed25519PrivateKey,
) -> None:
    signed = sign(achievement_credential(), private, cryptosuite="ecdsa-jcs-2019")
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.STRUCTURE_VALID
    assert "cryptosuite 'ecdsa-jcs-2019', which was not checked" in note
    signed["proof"] = {**signed["proof"], "type": "Ed25519Signature2020"}
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.STRUCTURE_VALID
    assert "its Ed25519Signature2020 proof was not checked" in note


def test_in_a_proof_set_one_valid_proof_counts_and_the_unchecked_one_is_noted(
    private: Ed25519PrivateKey,
) -> None:
    mine = achievement_credential(issuer_id=did_key(private))
    valid = sign(mine, private)
    rdf = sign(mine, private, cryptosuite="eddsa-rdfc-2022")
    both = {**valid, "proof": [rdf["proof"], valid["proof"]]}
    status, note = check_document(both) or (None, "")
    assert status == VerificationStatus.SIGNATURE_VALID
    assert note.startswith("signature valid") and "(eddsa-rdfc-2022) was not checked" in note
    tampered = copy.deepcopy(both)
    tampered["name"] = "Something else"
    status, _ = check_document(tampered) or (None, "")
    assert status == VerificationStatus.SIGNATURE_INVALID


def test_a_credential_without_a_proof_is_unaffected() -> None:
    assert check_document(achievement_credential()) is None


def test_the_real_ob3_examples_proofs_use_eddsa_rdf_2022_and_stay_not_checked(
    real_world: Any,
) -> None:
    path = real_world("openbadges", "ob3-fullOpenBadge.json")
    full = json.loads(path.read_text(encoding="utf-8"))
    endorsement = full["endorsement"][0]  # an EndorsementCredential with a Data Integrity proof
    status, note = check_document(endorsement) or (None, "")
    assert status == VerificationStatus.STRUCTURE_VALID
    assert note.startswith("its Data Integrity proof (eddsa-rdf-2022) was not checked")
    # The credential itself carries no proof of its own, and still imports as before.
    data = import_one(path)
    assert data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "it carries no signature" in data.verification_note


# --- the W3C test vector (vc-di-eddsa, eddsa-jcs-2022): interoperability with other signers ---

W3C_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2",
]
W3C_CREDENTIAL = {
    "@context": W3C_CONTEXT,
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": f"https://vc.example/issuers/5678#{W3C_PUBLIC_KEY}",
    "proofPurpose": "assertionMethod",
    "@context": W3C_CONTEXT,
    "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
}


def test_the_w3c_test_vector_hashes_match_proof_config_first_then_document() -> None:
    options = {key: value for key, value in W3C_PROOF.items() if key != "proofValue"}
    options["verificationMethod"] = f"did:key:{W3C_PUBLIC_KEY}#{W3C_PUBLIC_KEY}"
    message = hash_data(W3C_CREDENTIAL, options)
    assert message.hex() == (
        "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"  # proof config
        "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"  # document
    )


def test_the_w3c_signed_test_vector_verifies_with_its_key_supplied(tmp_path: Path) -> None:
    key = tmp_path / "vc-example.multikey"
    key.write_text(W3C_PUBLIC_KEY, encoding="ascii")
    secured = {**W3C_CREDENTIAL, "proof": W3C_PROOF}
    supplied = [load_key_file(key.name, key.read_bytes())]
    assert check_document(secured, supplied) == (
        VerificationStatus.SIGNATURE_VALID,
        "signature valid (Data Integrity proof, eddsa-jcs-2022, checked with the supplied key)",
    )
    assert check_document(secured)[0] == VerificationStatus.STRUCTURE_VALID  # type: ignore[index]
    altered = {**secured, "validFrom": "2023-01-02T00:00:00Z"}
    assert check_document(altered, supplied)[0] == VerificationStatus.SIGNATURE_INVALID  # type: ignore[index]


# --- JSON Canonicalization Scheme (RFC 8785) ---


def test_jcs_sorts_keys_by_utf16_code_units_as_rfc8785_shows() -> None:
    keys = ["\u20ac", "\r", "\ufb33", "1", "\U0001f600", "\u0080", "\u00f6"]
    canonical = jcs({key: f"v{i}" for i, key in enumerate(keys)}).decode("utf-8")
    order = [key for key, _ in json.loads(canonical, object_pairs_hook=list)]
    # U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB33 (code points would not).
    assert order == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_jcs_reproduces_the_rfc8785_sample_exactly() -> None:
    source = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],'
        '"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert jcs(json.loads(source)) == expected.encode("utf-8")


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1.0, "1"),
        (-0.0, "0"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (0.1 + 0.2, "0.30000000000000004"),
        (2**53, "9007199254740992"),
        # Integers beyond 2**53 are doubles to a JavaScript signer: rounded, then printed.
        (12345678901234567890, "12345678901234567000"),
        (-(2**60), "-1152921504606847000"),
    ],
)
def test_jcs_prints_numbers_the_ecmascript_way(number: float, text: str) -> None:
    assert jcs([number]) == f"[{text}]".encode()


def test_jcs_escapes_strings_minimally() -> None:
    text = 'quote" back\\ tab\t nl\n ctl\x1f del\x7f é € \u2028 😀 </script>'
    expected = (
        '"quote\\" back\\\\ tab\\t nl\\n ctl\\u001f del\x7f é € \u2028 😀 </script>"'
    ).encode()
    assert jcs(text) == expected


def test_a_number_jcs_cannot_represent_leaves_the_proof_not_checked(
    private: Ed25519PrivateKey,
) -> None:
    signed = sign(achievement_credential(), private)
    signed["credentialSubject"]["achievement"]["creditsAvailable"] = float("inf")  # 1e400
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.STRUCTURE_VALID
    assert note.startswith("signature not checked: the credential cannot be canonicalised")


# --- base58btc, Multikey and did:key ---


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
        (b"\x00\x00\x28\x7f\xb4\xcd", "11233QC4"),
        (b"", ""),
        (b"\x00", "1"),
    ],
)
def test_base58btc_round_trips_the_published_examples(raw: bytes, text: str) -> None:
    assert base58btc_encode(raw) == text
    assert base58btc_decode(text) == raw


def test_a_multikey_decodes_to_the_published_ed25519_public_key() -> None:
    # Open Badges 3.0 implementation guide, Data Integrity test vector key.
    key = ed25519_from_multikey("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert raw.hex() == "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
    assert ed25519_to_multikey(key) == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


@pytest.mark.parametrize(
    "reference",
    [
        "did:web:example.com",
        "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",  # a P-256 key
        "did:key:z6Mk",
        "did:key:z" + "z" * 600,
    ],
)
def test_a_did_key_that_is_not_one_usable_ed25519_key_is_refused(reference: str) -> None:
    with pytest.raises(ValueError):
        did_key_ed25519(reference)


def test_a_did_key_naming_a_p256_key_makes_an_eddsa_proof_invalid(
    private: Ed25519PrivateKey,
) -> None:
    method = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"
    signed = sign(achievement_credential(), private, method=method)
    status, note = check_document(signed) or (None, "")
    assert status == VerificationStatus.SIGNATURE_INVALID
    assert "is not a usable Ed25519 key" in note
