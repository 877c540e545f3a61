"""Who signed a badge: one rule for JWS and Data Integrity proofs.

A signature that checks out proves the badge is unaltered since it was signed. It proves *who*
signed it only when the key is tied to the issuer the badge names:
- the user supplied the key (`portfolio import --key FILE`), or
- the issuer's own profile (embedded in the badge, or a linked profile given in the same import)
  publishes that key, or
- the key is a `did:key` and the issuer's id is that same did.
A key the badge merely carries (a JWS `jwk` header, a did:key verification method that is not the
issuer) could be anyone's: anyone can sign a badge naming a university as its issuer. Such a
badge is reported as UNALTERED_NOTE, never as "signature valid".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from portfolio.importers.errors import ImportFailed

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

UNALTERED_NOTE = "unaltered since signing, signer not verified"


def same_key(a: PublicKey, b: PublicKey) -> bool:
    """Whether two public keys are the same key (compared by their encoded public bytes)."""
    return _spki(a) == _spki(b)


def _spki(key: PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def issuer_of(document: Any, linked: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any] | str:
    """The issuer a badge names: its profile (embedded or linked) where there is one, else its id.

    OB 3.0 and VC documents name it in `issuer`; an OB 2.0 assertion through its badge class.
    """
    if not isinstance(document, Mapping):
        return ""
    if "vc" in document and isinstance(document["vc"], Mapping):
        inner = document["vc"]
        return issuer_of({"issuer": document.get("iss"), **inner}, linked)
    ref = document.get("issuer")
    if ref is None:
        badge = document.get("badge")
        badge = linked.get(badge) if isinstance(badge, str) else badge
        ref = badge.get("issuer") if isinstance(badge, Mapping) else None
    if isinstance(ref, str):
        return linked.get(ref) or ref
    return ref if isinstance(ref, Mapping) else ""


def issuer_id(issuer: Mapping[str, Any] | str) -> str:
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else ""


def issuer_label(issuer: Mapping[str, Any] | str) -> str:
    """The issuer as named in a note: its name, else its id, shortened."""
    name = issuer.get("name") if isinstance(issuer, Mapping) else None
    text = name if isinstance(name, str) and name.strip() else issuer_id(issuer)
    text = " ".join(text.split())
    return text[:80] + ("…" if len(text) > 80 else "") if text else "the issuer"


def published_keys(
    issuer: Mapping[str, Any] | str, linked: Mapping[str, Mapping[str, Any]]
) -> list[PublicKey]:
    """The keys the issuer's own profile publishes (nothing is fetched from the web)."""
    if not isinstance(issuer, Mapping):
        return []
    keys: list[PublicKey] = []
    for entry in _key_entries(issuer, linked):
        key = _key_of(entry)
        if key is not None:
            keys.append(key)
    return keys[:20]


def _key_entries(
    profile: Mapping[str, Any], linked: Mapping[str, Mapping[str, Any]]
) -> Iterator[Mapping[str, Any]]:
    for name in ("publicKey", "verificationMethod", "assertionMethod"):
        value = profile.get(name)
        for item in (value if isinstance(value, list) else [value])[:20]:
            if isinstance(item, str):
                item = linked.get(item)
            if isinstance(item, Mapping):
                yield item
    if any(k in profile for k in ("publicKeyJwk", "publicKeyPem", "publicKeyMultibase")):
        yield profile


def _key_of(entry: Mapping[str, Any]) -> PublicKey | None:
    from portfolio.importers.jws import key_from_jwk
    from portfolio.importers.multikey import ed25519_from_multikey

    try:
        if isinstance(entry.get("publicKeyJwk"), Mapping):
            return key_from_jwk("issuer profile", dict(entry["publicKeyJwk"]))
        if isinstance(entry.get("publicKeyMultibase"), str):
            return ed25519_from_multikey(entry["publicKeyMultibase"])
        if isinstance(entry.get("publicKeyPem"), str):
            key = serialization.load_pem_public_key(entry["publicKeyPem"].encode("utf-8"))
            if isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
                return key
            if isinstance(key, ed25519.Ed25519PublicKey):
                return key
    except (ImportFailed, ValueError, UnsupportedAlgorithm, UnicodeError):
        return None
    return None


def tie_to_issuer(
    key: PublicKey,
    *,
    issuer: Mapping[str, Any] | str,
    supplied: Sequence[PublicKey] = (),
    linked: Mapping[str, Mapping[str, Any]] | None = None,
    did: str = "",
) -> str:
    """Why `key` speaks for the issuer ("the supplied key"...), or "" when nothing ties it.

    `did` is the did:key the key came from, if it came from one.
    """
    if any(same_key(key, other) for other in supplied):
        return "the supplied key"
    if did and did.partition("#")[0] == issuer_id(issuer):
        return "the issuer's own did:key"
    if any(same_key(key, other) for other in published_keys(issuer, linked or {})):
        return "a key the issuer's profile publishes"
    return ""


def untied_note(checked_with: str, issuer: Mapping[str, Any] | str) -> str:
    """The note for a signature that holds with a key nothing ties to the issuer."""
    return (
        f"{UNALTERED_NOTE}: the signature checks out with {checked_with}, but nothing ties that "
        f"key to “{issuer_label(issuer)}” (supply the issuer's key with --key to check who signed)"
    )
