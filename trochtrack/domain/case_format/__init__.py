"""Reading and writing ``trochtrack-case/1`` (docs/case-format.md).

Reading turns parsed JSON into a :class:`Case`, refusing unknown fields, wrong types and
out-of-range values with an error that names the field path
(``episodes[0].visits[2].pain_nrs: 11 is outside 0–10``). Writing gives back the same
JSON: optional keys the file wrote as ``null`` or ``[]`` are written again, absent ones
stay absent.

The work is split by job: :mod:`.fields` lists each object's keys, :mod:`.json_checks`
reads JSON values with errors that name the field, :mod:`.reading` builds a case from a
file and :mod:`.writing` writes one back.
"""

from trochtrack.domain.case_format.fields import CASE_FORMAT, JsonObject
from trochtrack.domain.case_format.reading import (
    MAX_NUMBER_DIGITS,
    case_from_json,
    load_case_json,
)
from trochtrack.domain.case_format.writing import case_to_json, dump_case_json

__all__ = [
    "CASE_FORMAT",
    "MAX_NUMBER_DIGITS",
    "JsonObject",
    "case_from_json",
    "case_to_json",
    "dump_case_json",
    "load_case_json",
]
