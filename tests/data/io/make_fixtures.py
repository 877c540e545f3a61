"""Regenerate the hostile and sample fixtures in this folder: `python make_fixtures.py`.

Small files only; the 50 MB JSON is made at test time in tmp_path.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = Path(__file__).resolve().parent
SIG = b"\x89PNG\r\n\x1a\n"


def chunk(ctype: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(ctype + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", crc)


def png(width: int = 1, height: int = 1, extra: list[bytes] | None = None) -> bytes:
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    return SIG + ihdr + b"".join(extra or []) + idat + chunk(b"IEND", b"")


def itxt(keyword: str, text: str) -> bytes:
    return chunk(b"iTXt", keyword.encode() + b"\x00\x00\x00\x00\x00" + text.encode("utf-8"))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


OB2 = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": "urn:uuid:2f6c1b9e-0000-4000-8000-000000000001",
    "recipient": {"type": "email", "hashed": False, "identity": "sam@example.org"},
    "issuedOn": "2021-03-14T10:00:00Z",
    "expires": "2099-03-14T10:00:00Z",
    "evidence": [{"id": "https://example.org/work/42"}],
    "verification": {"type": "signed", "creator": "https://example.org/key.json"},
    "badge": {
        "type": "BadgeClass",
        "id": "https://example.org/badges/data-viz",
        "name": "Data Visualisation Fundamentals",
        "description": "Builds charts that tell the truth.",
        "criteria": {"narrative": "Complete four graded dashboards."},
        "tags": ["data", "visualisation"],
        "alignment": [
            {
                "targetName": "present data visually",
                "targetUrl": "http://data.europa.eu/esco/skill/ef0a5fe8-2ea0-4c4d-9a25-8e1e1b2a1b2a",
                "targetFramework": "ESCO",
            }
        ],
        "issuer": {
            "type": "Profile",
            "id": "https://example.org/issuer",
            "name": "Northern Lights College",
            "url": "https://example.org",
        },
    },
}


def signed_vc_jwt() -> tuple[str, str]:
    """(valid token, tampered token) of an OB 3.0 credential signed ES256 with an embedded jwk."""
    key = ec.derive_private_key(0x1234567890ABCDEF, ec.SECP256R1())
    numbers = key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64(numbers.x.to_bytes(32, "big")),
        "y": b64(numbers.y.to_bytes(32, "big")),
    }
    header = {"alg": "ES256", "typ": "JWT", "jwk": jwk}
    credential = json.loads((HERE / "ob3_credential.json").read_text())
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(credential).encode())}"
    der = key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    token = f"{signing_input}.{b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"
    credential["credentialSubject"]["achievement"]["name"] = "Forged Title"
    forged_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(credential).encode())}"
    tampered = f"{forged_input}.{token.rsplit('.', 1)[1]}"
    (HERE / "signer_public.pem").write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return token, tampered


def main() -> None:
    (HERE / "ob3_credential.json").write_text(
        json.dumps(
            {
                "@context": [
                    "https://www.w3.org/ns/credentials/v2",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                ],
                "id": "urn:uuid:7d1f0c7a-0000-4000-8000-000000000003",
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {
                    "id": "https://bcit.example/issuer",
                    "type": ["Profile"],
                    "name": "BCIT",
                },
                "validFrom": "2022-05-01T00:00:00Z",
                "validUntil": "2023-05-01T00:00:00Z",
                "name": "Cloud Foundations",
                "credentialSubject": {
                    "type": ["AchievementSubject"],
                    "creditsEarned": 3,
                    "achievement": {
                        "id": "https://bcit.example/achievements/cloud",
                        "type": ["Achievement"],
                        "achievementType": "MicroCredential",
                        "name": "Cloud Foundations",
                        "description": "Deploys and secures small cloud workloads.",
                        "criteria": {"narrative": "Pass the practical exam."},
                        "creditsAvailable": 3,
                        "tag": ["cloud"],
                        "alignment": [
                            {
                                "type": ["Alignment"],
                                "targetName": "cloud computing",
                                "targetUrl": "http://data.europa.eu/esco/skill/cloud-0001",
                                "targetType": "ext:ESCO",
                            }
                        ],
                    },
                },
            },
            indent=1,
        )
    )
    token, tampered = signed_vc_jwt()
    (HERE / "ob3_signed.jwt").write_text(token)
    (HERE / "ob3_tampered.jwt").write_text(tampered)
    (HERE / "ob2_baked.png").write_bytes(png(extra=[itxt("openbadges", json.dumps(OB2))]))
    (HERE / "ob3_baked_jwt.png").write_bytes(png(extra=[itxt("openbadgecredential", token)]))
    (HERE / "legacy_text.png").write_bytes(
        png(extra=[chunk(b"tEXt", b"openbadges\x00https://badges.example.org/assertions/77")])
    )
    (HERE / "bomb_header.png").write_bytes(
        png(width=100_000, height=100_000, extra=[itxt("openbadges", json.dumps(OB2))])
    )
    good = png(extra=[itxt("openbadges", json.dumps(OB2))])
    (HERE / "truncated.png").write_bytes(good[: len(good) - 30])
    bad = bytearray(good)
    bad[60] ^= 0xFF  # inside the iTXt chunk body
    (HERE / "bad_crc.png").write_bytes(bytes(bad))
    (HERE / "duplicate_itxt.png").write_bytes(
        png(extra=[itxt("openbadges", json.dumps(OB2)), itxt("openbadges", json.dumps(OB2))])
    )
    (HERE / "invalid_utf8.png").write_bytes(
        png(extra=[chunk(b"iTXt", b'openbadges\x00\x00\x00\x00\x00{"name": "\xff\xfe"}')])
    )
    (HERE / "ob2_baked.svg").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" '
        'viewBox="0 0 10 10">\n<openbadges:assertion verify="https://example.org/a">'
        f"<![CDATA[{json.dumps(OB2)}]]></openbadges:assertion>\n</svg>\n"
    )
    (HERE / "ob3_baked_jwt.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        f'<openbadges:credential verify="{token}"/></svg>\n'
    )
    (HERE / "xxe.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        "<openbadges:assertion>&xxe;</openbadges:assertion></svg>\n"
    )
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    (HERE / "billion_laughs.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [' + "".join(lol) + "]>\n"
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        "<openbadges:assertion>&lol9;</openbadges:assertion></svg>\n"
    )
    (HERE / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (HERE / "nan.json").write_text('{"basics": {"name": "N"}, "x": NaN}')
    (HERE / "surrogate.json").write_text('{"basics": {"name": "Lone \\ud800 surrogate"}}')
    header = "title,kind,issuer,end_date,credential_id,credits,credit_unit,skills,tags\r\n"
    (HERE / "credentials_cp1252.csv").write_bytes(
        (
            header
            + "Gestion de projet – niveau 1,certificate,Université Laval,2020,,3,credits,gestion,\r\n"
        ).encode("cp1252")
    )
    (HERE / "credentials_bom.csv").write_bytes(
        (
            "\ufeff"
            + header
            + "Google Data Analytics,professional_certification,Google,Mar 2021,GDA-123,,,SQL; R,data\r\n"
            + '=HYPERLINK("http://evil"),certificate,Evil Corp,2022,,,,,\r\n'
        ).encode("utf-8")
    )
    files = {
        "Certifications.csv": "Name,Url,Authority,Started On,Finished On,License Number,Extra\r\n"
        "AWS Certified Cloud Practitioner,https://aws.example/verify/1,Amazon Web Services,Mar 2021,Mar 2024,AWS-1,x\r\n"
        "Scrum Master,,Scrum Alliance,Jan 2020,,,\r\n",
        "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities\r\n"
        "Simon Fraser University,2012,2016,,BA Communication,Debate club\r\n",
        "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\r\n"
        'Hooli,Data Analyst,"Dashboards, reports",Vancouver,Apr 2019,\r\n'
        "Pied Piper,Intern,,Palo Alto,Jun 2016,Aug 2016\r\n",
        "Skills.csv": "Name\r\nSQL\r\nData Visualization\r\n",
        "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location\r\n"
        "Samantha,Kolb,,,,Marketing analyst,Loves data,Marketing,,Vancouver\r\n",
        "Languages.csv": "Name,Proficiency\r\nEnglish,Native or bilingual proficiency\r\nFrench,Professional working proficiency\r\n",
        "Connections.csv": "Notes:\r\nWhen exporting...\r\n\r\nFirst Name,Last Name\r\nA,B\r\n",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, ("\ufeff" + text).encode("utf-8"))
    (HERE / "linkedin_export.zip").write_bytes(buffer.getvalue())
    folder = HERE / "linkedin_folder"
    folder.mkdir(exist_ok=True)
    for name in ("Certifications.csv", "Profile.csv", "Connections.csv"):
        (folder / name).write_bytes(("\ufeff" + files[name]).encode("utf-8"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../evil/Certifications.csv", "Name\r\nX\r\n")
    (HERE / "traversal.zip").write_bytes(buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Positions.csv", "Company Name,Title\r\n" + "A" * 15_000_000)
    (HERE / "zip_bomb.zip").write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main()
