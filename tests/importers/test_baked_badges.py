"""Baked PNG and SVG badges: real samples, our fixtures, and hostile files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from portfolio.importers.detect import read_paths, sniff
from portfolio.importers.errors import ImportFailed
from portfolio.models.base import VerificationStatus

IO = Path(__file__).resolve().parent.parent / "data" / "io"


def only_credential(path: Path):  # type: ignore[no-untyped-def]
    bundles = read_paths([path])
    assert len(bundles) == 1 and len(bundles[0].credentials) == 1
    return bundles[0].credentials[0], bundles[0].notes


def failure(path: Path) -> str:
    with pytest.raises(ImportFailed) as info:
        read_paths([path])
    assert path.name in str(info.value)
    return str(info.value)


def test_baked_png_ob2_assertion_maps_badge_issuer_dates_and_esco_alignment() -> None:
    cred, _notes = only_credential(IO / "ob2_baked.png")
    data = cred.data
    assert data.title == "Data Visualisation Fundamentals"
    assert data.issuer == "Northern Lights College"
    assert data.end_date is not None and data.end_date.iso() == "2021-03-14"
    assert data.expiry_date is not None and data.expiry_date.iso() == "2099-03-14"
    assert "Criteria: Complete four graded dashboards." in data.description
    assert data.tags == ("data", "visualisation")
    assert data.evidence_links == ("https://example.org/work/42",)
    [skill] = data.skills
    assert skill.label == "present data visually"
    assert skill.uri and skill.uri.startswith("http://data.europa.eu/esco/skill/")
    assert skill.source == "alignment"
    [attachment] = cred.attachments
    assert attachment.media_type == "image/png"
    assert attachment.data == (IO / "ob2_baked.png").read_bytes()


def test_baked_svg_with_cdata_json_matches_the_png() -> None:
    png, _ = only_credential(IO / "ob2_baked.png")
    svg, _ = only_credential(IO / "ob2_baked.svg")
    assert svg.data == png.data
    assert svg.attachments[0].media_type == "image/svg+xml"


@pytest.mark.parametrize("name", ["ob3_baked_jwt.png", "ob3_baked_jwt.svg", "ob3_signed.jwt"])
def test_ob3_vc_jwt_with_embedded_key_is_unaltered_but_its_signer_not_verified(name: str) -> None:
    # The key is in the JWS header itself: it proves the badge unaltered, not who signed it.
    cred, notes = only_credential(IO / name)
    assert cred.data.title == "Cloud Foundations"
    assert cred.data.verification_status == VerificationStatus.STRUCTURE_VALID
    assert "Cloud Foundations: unaltered since signing, signer not verified" in notes[0]
    assert not any("signature valid" in n for n in notes)
    assert any("expired on 1 May 2023" in n for n in notes)


def test_tampered_vc_jwt_is_imported_but_marked_signature_invalid() -> None:
    cred, notes = only_credential(IO / "ob3_tampered.jwt")
    assert cred.data.verification_status == VerificationStatus.SIGNATURE_INVALID
    assert any("INVALID" in n for n in notes)


def test_legacy_text_chunk_with_a_url_is_a_hosted_badge_not_fetched() -> None:
    cred, notes = only_credential(IO / "legacy_text.png")
    assert cred.data.verification_status == VerificationStatus.NOT_VERIFIED
    assert cred.data.verification_url == "https://badges.example.org/assertions/77"
    assert any("not fetched" in n for n in notes)


def test_decompression_bomb_header_costs_nothing_because_pixels_are_never_decoded() -> None:
    start = time.perf_counter()
    cred, _ = only_credential(IO / "bomb_header.png")
    assert cred.data.title == "Data Visualisation Fundamentals"
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("truncated.png", "truncated"),
        ("bad_crc.png", "bad checksum in the iTXt chunk"),
        ("duplicate_itxt.png", "two “openbadges” chunks"),
        ("invalid_utf8.png", "not valid UTF-8"),
        ("xxe.svg", "refused for safety"),
        ("billion_laughs.svg", "entities"),
    ],
)
def test_broken_and_hostile_images_fail_with_a_clear_message(name: str, words: str) -> None:
    assert words in failure(IO / name)


def test_png_truncated_inside_a_chunk_and_missing_iend(tmp_path: Path) -> None:
    data = (IO / "ob2_baked.png").read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[:-12])  # IEND removed entirely
    assert "no IEND" in failure(cut)
    cut.write_bytes(data[:60])
    assert "truncated" in failure(cut)


def test_real_baked_svg_imports_as_a_hosted_badge(real_world) -> None:  # type: ignore[no-untyped-def]
    cred, notes = only_credential(real_world("openbadges", "baked.svg"))
    assert cred.data.verification_status == VerificationStatus.NOT_VERIFIED
    assert cred.data.verification_url == "http://example.org"
    assert any("not fetched" in n for n in notes)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("bad-json.svg", "not valid JSON"),
        ("no-json.svg", "holds no badge data"),
        ("unbaked.png", "without a baked badge"),
        ("unbaked.svg", "without a baked badge"),
    ],
)
def test_real_broken_samples_say_what_is_wrong(real_world, name: str, words: str) -> None:  # type: ignore[no-untyped-def]
    assert words in failure(real_world("openbadges", name))


def test_format_is_sniffed_by_content_not_extension(tmp_path: Path) -> None:
    disguised = tmp_path / "badge.json"
    disguised.write_bytes((IO / "ob2_baked.png").read_bytes())
    assert sniff(disguised.read_bytes()) == "png"
    cred, _ = only_credential(disguised)
    assert cred.data.title == "Data Visualisation Fundamentals"


def test_text_chunks_that_are_not_the_badge_are_never_inflated(tmp_path: Path) -> None:
    """A comment chunk is skipped unread: even a damaged one (it would fail to inflate) or
    thousands of compressed ones (each inflated to 5 MB took minutes) cost nothing."""
    import struct

    from portfolio.importers.png import SIGNATURE, chunk

    good = (IO / "ob2_baked.png").read_bytes()
    ihdr_end = len(SIGNATURE) + 8 + struct.unpack(">I", good[8:12])[0] + 4
    damaged = chunk(b"zTXt", b"Comment\x00\x00not zlib at all")
    path = tmp_path / "commented.png"
    path.write_bytes(good[:ihdr_end] + damaged + good[ihdr_end:])
    credential, _notes = only_credential(path)
    assert credential.data.title == "Data Visualisation Fundamentals"
