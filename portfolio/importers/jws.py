"""Compact JWS / VC-JWT: decode the payload, and check the signature when a key is at hand.

A key is "at hand" when the JOSE header embeds it (`jwk`) or the user supplies one (a PEM public
key, a JWK file, or a multibase Ed25519 key). Keys published on the web (`kid` URLs, OB 2.0
`publicKey` links) are never fetched: the signature is then reported as not checked.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from portfolio.importers.errors import ImportFailed
from portfolio.importers.limits import parse_json
from portfolio.importers.multikey import did_key_ed25519, ed25519_from_multikey

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}


@dataclass(frozen=True)
class DecodedJws:
    header: dict[str, Any]
    payload: Any
    signing_input: bytes
    signature: bytes


def b64url(source: str, text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ImportFailed(source, "the signed badge (JWS) is not valid base64url") from None


def decode(source: str, token: str) -> DecodedJws:
    """Split and decode a compact JWS; the payload must be JSON (an assertion or credential)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise ImportFailed(
            source, "the signed badge is not a compact JWS (three dot-separated parts)"
        )
    header = parse_json(source, b64url(source, parts[0]))
    if not isinstance(header, dict):
        raise ImportFailed(source, "the signed badge's JWS header is not a JSON object")
    _check_crit(source, header)
    payload = parse_json(source, b64url(source, parts[1]))
    return DecodedJws(
        header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), b64url(source, parts[2])
    )


# Header parameters a `crit` list may name that this reader understands and applies (RFC 7515
# §4.1.11): none. Any extension marked critical changes how the JWS must be read, so it is refused.
UNDERSTOOD_CRITICAL: frozenset[str] = frozenset()


def _check_crit(source: str, header: dict[str, Any]) -> None:
    """Refuse a JWS whose `crit` header names an extension we do not understand (RFC 7515)."""
    if "crit" not in header:
        return
    crit = header["crit"]
    if not isinstance(crit, list) or not crit or not all(isinstance(n, str) for n in crit):
        raise ImportFailed(
            source, "the signed badge's “crit” header is not a list of header names; refused"
        )
    unknown = [name for name in crit if name not in UNDERSTOOD_CRITICAL]
    if unknown:
        names = ", ".join(f"“{n[:30]}”" for n in unknown[:5])
        raise ImportFailed(
            source,
            f"the signed badge marks {names} as critical, which this app does not understand, "
            "so its signature cannot be checked (RFC 7515); refused",
        )


def _int(source: str, value: Any) -> int:
    if not isinstance(value, str):
        raise ImportFailed(source, "the embedded key (JWK) is incomplete")
    return int.from_bytes(b64url(source, value), "big")


def key_from_jwk(source: str, jwk: Any) -> PublicKey:
    """A public key from a JWK dict (RSA, EC P-256/384/521, OKP Ed25519)."""
    if not isinstance(jwk, dict):
        raise ImportFailed(source, "the embedded key (JWK) is not an object")
    kty = jwk.get("kty")
    try:
        if kty == "RSA":
            return rsa.RSAPublicNumbers(
                _int(source, jwk.get("e")), _int(source, jwk.get("n"))
            ).public_key()
        if kty == "EC":
            curves = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}
            curve = curves.get(str(jwk.get("crv")))
            if curve is None:
                raise ImportFailed(
                    source, f"the embedded key uses an unsupported curve {jwk.get('crv')!r}"
                )
            return ec.EllipticCurvePublicNumbers(
                _int(source, jwk.get("x")), _int(source, jwk.get("y")), curve
            ).public_key()
        if kty == "OKP" and jwk.get("crv") == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(b64url(source, str(jwk.get("x"))))
    except (ValueError, UnsupportedAlgorithm):
        raise ImportFailed(source, "the embedded key (JWK) is not a valid public key") from None
    raise ImportFailed(source, f"the embedded key type {kty!r} is not supported")


def _multikey(source: str, text: str) -> PublicKey:
    try:
        text = text.strip()
        return did_key_ed25519(text) if text.startswith("did:key:") else ed25519_from_multikey(text)
    except ValueError as exc:
        raise ImportFailed(source, f"is not a multibase Ed25519 public key ({exc})") from None


def load_key_file(source: str, data: bytes) -> PublicKey:
    """A public key supplied by the user: PEM, a JWK in JSON, or an Ed25519 key in multibase
    (`z6Mk...`, a `did:key:z6Mk...`, or a Multikey JSON document with `publicKeyMultibase`)."""
    stripped = data.strip()
    if stripped.startswith(b"{"):
        doc = parse_json(source, data)
        if isinstance(doc, dict) and isinstance(doc.get("publicKeyMultibase"), str):
            return _multikey(source, doc["publicKeyMultibase"])
        return key_from_jwk(source, doc)
    if stripped.startswith((b"z", b"did:key:")):
        return _multikey(source, stripped.decode("ascii", errors="replace"))
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise ImportFailed(
            source, "is not a PEM public key, a JWK or a multibase Ed25519 key"
        ) from None
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey):
        raise ImportFailed(source, "holds a key type that badges do not use")
    return key


def verify(jws: DecodedJws, key: PublicKey) -> bool:
    """True when `jws` was signed with `key` under the algorithm its header names."""
    alg = str(jws.header.get("alg", ""))
    try:
        if alg == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(jws.signature, jws.signing_input)
            return True
        digest = _HASHES.get(alg[2:])
        if digest is None:
            return False
        if alg.startswith("RS") and isinstance(key, rsa.RSAPublicKey):
            key.verify(jws.signature, jws.signing_input, padding.PKCS1v15(), digest())
            return True
        if alg.startswith("PS") and isinstance(key, rsa.RSAPublicKey):
            pss = padding.PSS(mgf=padding.MGF1(digest()), salt_length=padding.PSS.DIGEST_LENGTH)
            key.verify(jws.signature, jws.signing_input, pss, digest())
            return True
        if alg.startswith("ES") and isinstance(key, ec.EllipticCurvePublicKey):
            half = len(jws.signature) // 2
            der = encode_dss_signature(
                int.from_bytes(jws.signature[:half], "big"),
                int.from_bytes(jws.signature[half:], "big"),
            )
            key.verify(der, jws.signing_input, ec.ECDSA(digest()))
            return True
    except InvalidSignature:
        return False
    return False
