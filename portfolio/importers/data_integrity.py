"""Data Integrity proofs (W3C VC Data Integrity 1.0) on Open Badges 3.0 credentials, offline.

Checked: cryptosuite `eddsa-jcs-2022` (W3C "Data Integrity EdDSA Cryptosuites v1.0"), which
canonicalises with the JSON Canonicalization Scheme (RFC 8785) and so needs nothing from the
network. The verification key is either embedded (a `did:key:z6Mk...` verification method is its
own public key) or supplied by the user (`portfolio import ... --key FILE`). A key published on
the web (an https verification method) is never fetched: the proof is then "not checked".

Not checked, with a note saying why: the RDF cryptosuites (`eddsa-rdfc-2022`, its draft name
`eddsa-rdf-2022`, `ecdsa-rdfc-2019`, ...) and the older Linked Data proof types, because RDF
canonicalisation needs the JSON-LD contexts the credential names, which are neither fetched nor
shipped; and any cryptosuite we do not implement.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from portfolio.enums import VerificationStatus
from portfolio.importers import trust
from portfolio.importers.jws import PublicKey
from portfolio.importers.multikey import did_key_ed25519, multibase_decode

JCS_SUITE = "eddsa-jcs-2022"
# Cryptosuites and legacy proof types that sign the RDF canonical form (RDFC-1.0 / URDNA2015).
RDF_SUITES = frozenset(
    {"eddsa-rdfc-2022", "eddsa-rdf-2022", "eddsa-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023"}
)
RDF_PROOF_TYPES = frozenset(
    {
        "Ed25519Signature2020",
        "Ed25519Signature2018",
        "JsonWebSignature2020",
        "EcdsaSecp256k1Signature2019",
        "BbsBlsSignature2020",
        "RsaSignature2018",
    }
)
EXPECTED_PURPOSE = "assertionMethod"  # what an issuer's proof on a credential is for
_JS_SAFE_INTEGER = 2**53 - 1


class Outcome(Enum):
    VALID = "valid"
    INVALID = "invalid"
    UNCHECKED = "unchecked"
    UNALTERED = "unaltered"  # the signature holds, but its key is not tied to the issuer


@dataclass(frozen=True)
class ProofCheck:
    outcome: Outcome
    note: str


def _short(text: Any, limit: int = 120) -> str:
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _as_javascript(value: Any) -> Any:
    """The JSON value as a JavaScript signer saw it: every number is a double, so an integer
    beyond 2**53 is rounded the way JSON.parse rounds it (RFC 8785 serialises doubles)."""
    if isinstance(value, Mapping):
        return {key: _as_javascript(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_javascript(item) for item in value]
    if type(value) is int and abs(value) > _JS_SAFE_INTEGER:
        try:
            return float(value)
        except OverflowError:  # JSON.parse gives Infinity, which JCS cannot serialise either
            return math.inf
    return value


def jcs(value: Any) -> bytes:
    """RFC 8785 canonical JSON (UTF-8). Raises rfc8785.CanonicalizationError."""
    return rfc8785.dumps(_as_javascript(value))


def hash_data(document: Mapping[str, Any], proof_options: Mapping[str, Any]) -> bytes:
    """What eddsa-jcs-2022 signs: SHA-256(JCS(proof config)) || SHA-256(JCS(document)).

    `document` is the credential without `proof`; `proof_options` is the proof without
    `proofValue`. The proof configuration carries the document's `@context` (vc-di-eddsa 1.0,
    proof configuration algorithm), so the signature covers which vocabulary the data uses.
    """
    config = dict(proof_options)
    if "@context" in document:
        config["@context"] = document["@context"]
    return hashlib.sha256(jcs(config)).digest() + hashlib.sha256(jcs(document)).digest()


def _context_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_proof(
    document: Mapping[str, Any],
    proof: Any,
    supplied: Sequence[PublicKey] = (),
    linked: Mapping[str, Mapping[str, Any]] | None = None,
) -> ProofCheck:
    """Check one Data Integrity proof on `document` (the credential without `proof`)."""
    if not isinstance(proof, Mapping):
        return ProofCheck(Outcome.INVALID, "signature INVALID: its proof is not a JSON object")
    ptype = proof.get("type")
    suite = proof.get("cryptosuite")
    if not isinstance(ptype, str) or not isinstance(suite, str | None):
        return ProofCheck(
            Outcome.INVALID, "signature INVALID: its proof's type or cryptosuite is not text"
        )
    if ptype != "DataIntegrityProof":
        if ptype in RDF_PROOF_TYPES:
            return ProofCheck(
                Outcome.UNCHECKED,
                f"its {ptype} proof was not checked: that proof type signs the RDF canonical "
                "form of the credential, which needs its JSON-LD contexts, and those are "
                "not fetched",
            )
        return ProofCheck(
            Outcome.UNCHECKED, f"its proof of type {_short(ptype)!r} was not checked (unsupported)"
        )
    if suite in RDF_SUITES:
        return ProofCheck(
            Outcome.UNCHECKED,
            f"its Data Integrity proof ({suite}) was not checked: that cryptosuite signs the "
            "RDF canonical form of the credential, which needs its JSON-LD contexts, and those "
            "are not fetched (only eddsa-jcs-2022 proofs are checked offline)",
        )
    if suite != JCS_SUITE:
        return ProofCheck(
            Outcome.UNCHECKED,
            f"its Data Integrity proof uses cryptosuite {_short(suite)!r}, which was not "
            "checked (only eddsa-jcs-2022 proofs are checked offline)",
        )
    if "previousProof" in proof:
        return ProofCheck(
            Outcome.UNCHECKED,
            "its Data Integrity proof is part of a proof chain (previousProof), which was "
            "not checked",
        )
    purpose = proof.get("proofPurpose")
    if purpose != EXPECTED_PURPOSE:
        return ProofCheck(
            Outcome.INVALID,
            f"signature INVALID: its proof is for {_short(purpose)!r}, not for issuing a "
            f"credential ({EXPECTED_PURPOSE})",
        )
    try:
        value = proof.get("proofValue")
        signature = multibase_decode(value) if isinstance(value, str) else b""
    except ValueError:
        signature = b""
    if len(signature) != 64:
        return ProofCheck(
            Outcome.INVALID,
            "signature INVALID: its proofValue is not a multibase (base58btc) Ed25519 signature",
        )

    method = proof.get("verificationMethod")
    if isinstance(method, Mapping):  # an embedded method object: use its id
        method = method.get("id")
    method = method if isinstance(method, str) else ""
    # A did:key names the one key that may have signed; otherwise the user's supplied keys are
    # candidates (an https method is never fetched).
    keys: list[tuple[str, ed25519.Ed25519PublicKey]] = []
    vouched = False  # the key that checks it is tied to the issuer (importers.trust)
    supplied_ed25519 = [key for key in supplied if isinstance(key, ed25519.Ed25519PublicKey)]
    if method.startswith("did:key:"):
        try:
            embedded = did_key_ed25519(method)
        except ValueError as exc:
            return ProofCheck(
                Outcome.INVALID,
                f"signature INVALID: its verification method {_short(method)} is not a usable "
                f"Ed25519 key ({exc})",
            )
        label = "the key embedded in its did:key"
        # One rule with JWS (importers.trust): supplied, the issuer's own did, or published by
        # the issuer's profile; otherwise the signature shows the badge unaltered, not who signed.
        tie = trust.tie_to_issuer(
            embedded,
            issuer=trust.issuer_of(document, linked or {}),
            supplied=supplied_ed25519,
            linked=linked,
            did=method,
        )
        vouched = bool(tie)
        if tie == "the supplied key":
            label += ", which is the supplied key"
        elif tie and tie != "the issuer's own did:key":
            label += f", {tie}"
        elif supplied_ed25519:
            label += ", which is not the supplied key"
        keys.append((label, embedded))
    else:
        vouched = True
        keys.extend(("the supplied key", key) for key in supplied_ed25519)
    if not keys:
        where = f" ({_short(method)}, not fetched)" if method else ""
        extra = " and no Ed25519 key was supplied" if supplied else ""
        return ProofCheck(
            Outcome.UNCHECKED,
            f"signature not checked: key not embedded{where}{extra}",
        )

    options = {key: item for key, item in proof.items() if key != "proofValue"}
    unsecured = dict(document)
    if "@context" in options:
        # The proof's @context must open the document's, in order (vc-di-eddsa 1.0, verify).
        expected = _context_list(options["@context"])
        if _context_list(document.get("@context"))[: len(expected)] != expected:
            return ProofCheck(
                Outcome.INVALID,
                "signature INVALID: the proof's @context does not match the credential's",
            )
        unsecured["@context"] = options["@context"]
    try:
        message = hash_data(unsecured, options)
    except rfc8785.CanonicalizationError as exc:
        return ProofCheck(
            Outcome.UNCHECKED,
            f"signature not checked: the credential cannot be canonicalised (JCS: {exc})",
        )
    for label, key in keys:
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        if not vouched:
            issuer = trust.issuer_of(document, linked or {})
            return ProofCheck(
                Outcome.UNALTERED, trust.untied_note(f"{label} ({JCS_SUITE})", issuer)
            )
        return ProofCheck(
            Outcome.VALID,
            f"signature valid (Data Integrity proof, {JCS_SUITE}, checked with {label})",
        )
    return ProofCheck(
        Outcome.INVALID,
        f"signature INVALID ({JCS_SUITE}): the badge was altered or the key does not match",
    )


def check_document(
    document: Mapping[str, Any],
    supplied: Sequence[PublicKey] = (),
    linked: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[VerificationStatus, str] | None:
    """The verification result of a credential's embedded `proof` (one proof or a set).

    None when there is no proof. Otherwise SIGNATURE_INVALID if any proof fails,
    SIGNATURE_VALID if one holds with a key tied to the issuer and none fails, else
    STRUCTURE_VALID (unaltered but signer not verified, or "not checked") with a
    note saying why each proof could not be checked.
    """
    proofs = document.get("proof")
    if proofs is None or proofs == [] or proofs == {}:
        return None
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    checks = [
        check_proof(unsecured, proof, supplied, linked) for proof in _context_list(proofs)[:20]
    ]
    for outcome, status in (
        (Outcome.INVALID, VerificationStatus.SIGNATURE_INVALID),
        (Outcome.VALID, VerificationStatus.SIGNATURE_VALID),
        (Outcome.UNALTERED, VerificationStatus.STRUCTURE_VALID),
    ):
        chosen = [check for check in checks if check.outcome is outcome]
        if chosen:
            others = [check.note for check in checks if check.outcome is not outcome]
            return status, "; ".join(dict.fromkeys([chosen[0].note, *others]))
    return VerificationStatus.STRUCTURE_VALID, "; ".join(
        dict.fromkeys(check.note for check in checks)
    )
