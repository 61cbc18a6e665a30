r"""OpenAPI schema adjustments (drf-spectacular) that make the published schema say what the API
answers, checked by tests/security/test_api_fuzz.py with every schemathesis check.

- Error answers: every operation may answer 400 (bad input), 401 (no or bad credentials), 403
  (not allowed) and 404 (not in the user's scope, or an unknown page of a list); DRF's error bodies
  are `{"detail": …}`, field → messages, or a list of messages.
- A URL field that may be blank (`online_link`, `evidence_link`) holds a URI or "".
- A decimal sent as a string has at least one digit: drf-spectacular's pattern
  (`^-?\d{0,14}(?:\.\d{0,2})?$`) also matches "", "-" and ".", which DRF refuses.
- Under /api/ an unknown path answers 404 in JSON too (reformportal.urls.not_found).
"""

import re

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

ERROR_STATUSES = {
    "400": "Masukan tidak valid.",
    "401": "Tidak ada atau salah kredensial.",
    "403": "Tidak diizinkan.",
    "404": "Tidak ditemukan (di luar cakupan pengguna).",
    "429": "Terlalu banyak permintaan (batas per pengguna atau alamat).",
}
ERROR_SCHEMA = {
    "oneOf": [
        {"type": "object", "additionalProperties": True},
        {"type": "array", "items": {"type": "string"}},
    ]
}


BLANK = {"maxLength": 0}
DECIMAL_PATTERN = re.compile(r"^\^-\?\\d\{0,(\d+)\}(?:\(\?:\\\.\\d\{0,(\d+)\}\)\?)?\$$")


def decimal_pattern(pattern):
    """drf-spectacular's decimal pattern, with at least one digit before or after the point."""
    match = DECIMAL_PATTERN.match(pattern)
    if match is None:
        return pattern
    whole, fraction = match.groups()
    if fraction is None:
        return rf"^-?\d{{1,{whole}}}$"
    return rf"^-?(?:\d{{1,{whole}}}(?:\.\d{{0,{fraction}}})?|\.\d{{1,{fraction}}})$"


INTEGER_ID = {"type": "integer", "minimum": 0}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: error answers, blankable URLs, decimals and integer ids, as the API answers them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    for component in schemas.values():
        for prop in component.get("properties", {}).values():
            # The URL validator adds `format: uri` beside the extension's anyOf; keep only the anyOf.
            if BLANK in prop.get("anyOf", ()):
                prop.pop("format", None)
            if prop.get("format") == "decimal" and "pattern" in prop:
                prop["pattern"] = decimal_pattern(prop["pattern"])
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for parameter in operation.get("parameters", []):
                # agencies.api.routers routes ids of ASCII digits only; they are the rows' integer keys.
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("pattern") == "^[0-9]+$":
                    parameter["schema"] = dict(INTEGER_ID)
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(status, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result


class BlankableURLFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "rest_framework.fields.URLField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        # A read-only field shows the model's value, blank when no link was given.
        if getattr(self.target, "allow_blank", False) or self.target.read_only:
            return {"type": "string", "anyOf": [{"format": "uri"}, BLANK]}
        return build_basic_type(OpenApiTypes.URI)
