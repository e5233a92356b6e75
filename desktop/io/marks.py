"""The mark this tool's own outputs carry, so that a later run knows them among the units' files.

A consolidated workbook read back as a unit's report would count every unit twice; a marked-up copy
would count its unit twice. Both carry a mark in their document properties (`cp:contentStatus` of
docProps/core.xml, which the pre-flight check inflates anyway); a consolidated workbook also says
`generator: tonghop` on its `_meta` sheet.
"""

from __future__ import annotations

import html
import re

CONSOLIDATED = "consolidated"
ANNOTATED = "annotated"
MARKS = {CONSOLIDATED: "Tổng hợp Báo cáo: tệp tổng hợp", ANNOTATED: "Tổng hợp Báo cáo: bản cần sửa"}
GENERATOR = "tonghop"  # the `generator` row of a consolidated workbook's _meta sheet

_STATUS = re.compile(rb"<(?:[\w.-]+:)?contentStatus\b[^>]*>([^<]*)<")


def role_from_properties(core_xml: bytes | None) -> str | None:
    """CONSOLIDATED or ANNOTATED when docProps/core.xml carries one of our marks; None otherwise."""
    found = _STATUS.search(core_xml or b"")
    if not found:
        return None
    text = html.unescape(found.group(1).decode("utf-8", "replace")).strip()
    return next((role for role, mark in MARKS.items() if mark == text), None)
