"""The API's JSON parser: strict JSON, refused with a Dutch 400 before it can hurt (issue 9).

- nesting deeper than TOEGANG_JSON_MAX_DEPTH (a RecursionError otherwise, in the parser or the serializers);
- text a database cannot store or a response cannot encode: NUL (PostgreSQL refuses it) and lone surrogates
  (`"\\ud800"`, not Unicode text);
- any text longer than TOEGANG_MAX_TEXT_CHARS (a safety net; the serializers have tighter limits per field).
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class InvalidBody(ParseError):
    """A body that is JSON but cannot be accepted; `name` is the path of the failing value (`vraag`, `wetten.0`)."""

    def __init__(self, detail: str, *, code: str, name: str = "", reason: str = ""):
        super().__init__(detail)
        self.problem_code = code
        self.name = name
        self.reason = reason or detail


def _reject_constant(value: str):
    raise ValueError(f"{value} is geen JSON-getal")


def _check_text(text: str, path: str, max_chars: int) -> None:
    name = path or "body"
    if "\x00" in text:
        raise InvalidBody(f"Het veld '{name}' bevat een ongeldig teken (NUL).", code="ongeldig-teken", name=name,
                          reason="Bevat een ongeldig teken (NUL).")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidBody(f"Het veld '{name}' bevat een ongeldig teken (een losse surrogate, geen Unicode-tekst).",
                          code="ongeldig-teken", name=name,
                          reason="Bevat een ongeldig teken (een losse surrogate).") from None
    if len(text) > max_chars:
        limit = f"{max_chars:,}".replace(",", ".")
        raise InvalidBody(f"Het veld '{name}' is te lang: ten hoogste {limit} tekens.", code="te-lang", name=name,
                          reason=f"Ten hoogste {limit} tekens.")


def check_json_value(data, *, max_depth: int, max_chars: int) -> None:
    """Walk the parsed value without recursion; raise InvalidBody at the first thing we refuse."""
    stack = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= max_depth:
                raise InvalidBody(f"De body is te diep genest: ten hoogste {max_depth} niveaus.", code="te-diep",
                                  name=path or "body", reason=f"Ten hoogste {max_depth} niveaus genest.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str):
                    _check_text(key, child, max_chars)
                stack.append((item, child, depth + 1))
        elif isinstance(value, str):
            _check_text(value, path, max_chars)


class SafeJSONParser(JSONParser):
    """JSONParser with a depth limit and the text checks above; any other broken JSON stays 'geen geldige JSON'."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
            data = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            raise InvalidBody(f"De body is te diep genest: ten hoogste {settings.TOEGANG_JSON_MAX_DEPTH} niveaus.",
                              code="te-diep", name="body") from None
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise ParseError(f"De body is geen geldige JSON ({exc}).") from None
        check_json_value(data, max_depth=settings.TOEGANG_JSON_MAX_DEPTH, max_chars=settings.TOEGANG_MAX_TEXT_CHARS)
        return data
