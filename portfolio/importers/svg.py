"""Baked SVG badges, parsed with defusedxml: entity expansion and external entities refused.

OB 2.0: `<openbadges:assertion>` (namespace http://openbadges.org) holding the assertion JSON in
CDATA, or a JWS in its `verify` attribute. OB 3.0: `<openbadges:credential>` (namespace
https://purl.imsglobal.org/ob/v3p0) holding the credential JSON, or a VC-JWT in `verify`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as DET

from portfolio.importers.errors import ImportFailed

OB2_NS = "http://openbadges.org"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


def read_baked_svg(source: str, data: bytes) -> tuple[str, str]:
    """(keyword, payload) of the badge baked into SVG `data`; keyword as in PNG baking."""
    try:
        root = DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        raise ImportFailed(
            source, "the SVG declares XML entities, which are refused for safety"
        ) from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise ImportFailed(
            source, "the SVG refers to external files or a DTD, which are refused for safety"
        ) from None
    except ET.ParseError as exc:
        raise ImportFailed(source, f"is not a well-formed SVG ({exc})") from None
    except (LookupError, ValueError) as exc:  # e.g. an unknown encoding in the XML declaration
        raise ImportFailed(source, f"is not a readable SVG ({exc})") from None
    if not root.tag.endswith("svg"):
        raise ImportFailed(source, "is XML but not an SVG image")
    hits = [
        (keyword, element)
        for keyword, tag in (
            ("openbadges", f"{{{OB2_NS}}}assertion"),
            ("openbadgecredential", f"{{{OB3_NS}}}credential"),
        )
        for element in root.iter(tag)
    ]
    if not hits:
        raise ImportFailed(
            source, "is an SVG image without a baked badge (no openbadges:assertion element)"
        )
    if len(hits) > 1:
        raise ImportFailed(source, "the SVG holds more than one baked badge; refused")
    keyword, element = hits[0]
    text = (element.text or "").strip()
    verify = (element.get("verify") or "").strip()
    if text:
        return keyword, text
    if JWS.match(verify):
        return keyword, verify
    where = f" (only a link to {verify[:200]})" if verify else ""
    raise ImportFailed(source, f"the SVG's badge element is empty: it holds no badge data{where}")
