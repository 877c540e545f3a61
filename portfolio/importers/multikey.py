"""Multibase base58btc and Multikey Ed25519 public keys, as `did:key` and Data Integrity use them.

A `did:key:z6Mk...` identifier *is* its public key: multibase prefix `z` (base58btc), then the
multicodec varint 0xed 0x01 (ed25519-pub), then the 32 key bytes. Decoding it needs no network.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ed25519

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {char: index for index, char in enumerate(BASE58_ALPHABET)}
ED25519_PUB_PREFIX = b"\xed\x01"
# Keys and signatures are tens of characters; a cap keeps hostile input from costing big-int time.
MAX_BASE58_CHARS = 512


def base58btc_decode(text: str) -> bytes:
    """Bitcoin-alphabet base58 to bytes (each leading '1' is one zero byte). ValueError if bad."""
    if len(text) > MAX_BASE58_CHARS:
        raise ValueError(f"base58 text longer than {MAX_BASE58_CHARS} characters")
    number = 0
    for char in text:
        digit = _BASE58_INDEX.get(char)
        if digit is None:
            raise ValueError(f"{char!r} is not a base58 character")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\x00" * zeros + body


def base58btc_encode(data: bytes) -> str:
    """Bytes to Bitcoin-alphabet base58 (the inverse of `base58btc_decode`)."""
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, digit = divmod(number, 58)
        chars.append(BASE58_ALPHABET[digit])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * zeros + "".join(reversed(chars))


def multibase_decode(text: str) -> bytes:
    """A multibase string in base58btc (prefix `z`), the only base Data Integrity EdDSA uses."""
    if not text.startswith("z"):
        raise ValueError("not multibase base58btc (it does not start with 'z')")
    return base58btc_decode(text[1:])


def ed25519_from_multikey(text: str) -> ed25519.Ed25519PublicKey:
    """An Ed25519 public key from its Multikey form `z6Mk...`. ValueError if it is not one."""
    raw = multibase_decode(text.strip())
    if not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("not an Ed25519 public key (multicodec ed25519-pub expected)")
    key = raw[len(ED25519_PUB_PREFIX) :]
    if len(key) != 32:
        raise ValueError(f"an Ed25519 public key has 32 bytes, not {len(key)}")
    return ed25519.Ed25519PublicKey.from_public_bytes(key)


def ed25519_to_multikey(key: ed25519.Ed25519PublicKey) -> str:
    """The Multikey form `z6Mk...` of an Ed25519 public key."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_PUB_PREFIX + raw)


def did_key_ed25519(reference: str) -> ed25519.Ed25519PublicKey:
    """The Ed25519 key a `did:key` DID or DID URL (`did:key:z6Mk...#z6Mk...`) stands for.

    ValueError when it is not a did:key, names another key type, or its fragment names a
    different key than the DID itself.
    """
    did, _, fragment = reference.strip().partition("#")
    if not did.startswith("did:key:"):
        raise ValueError("not a did:key")
    multikey = did.removeprefix("did:key:")
    if fragment and fragment != multikey:
        raise ValueError("its fragment names a different key than the DID")
    return ed25519_from_multikey(multikey)
