"""Every answer the API tests receive agrees with the checked-in OpenAPI document (issue 11, point 14).

An API test module imports the autouse fixture (`from .openapi_contract import api_contract  # noqa: F401`); it
wraps Django's test client (and so DRF's APIClient) for that module's tests, and every response to a path under
/api/ is checked as it arrives:

- the path and method are an operation of the document; otherwise the answer must be the problem+json 404 of an
  unknown address, or the problem+json 405 of a method the address does not take;
- the status is one the document lists for that operation, with one of the content types it gives for it;
- the body validates against the schema, objects closed: a field the document does not name fails;
- the headers the document requires for that response are there and valid (`API-Version` on every answer,
  `Location` on a 201).

A response the document does not describe fails the test that received it, with what is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from django.test import Client

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "src" / "toegang" / "api" / "openapi.yaml"
# The document itself and its viewer are the description, not described by it.
META_PATHS = ("/api/v1/schema/", "/api/v1/docs/")
IGNORED_KEYWORDS = {"nullable", "readOnly", "writeOnly", "example", "discriminator", "xml", "externalDocs",
                    "deprecated"}

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    return not isinstance(value, str) or ("T" in value and dt.datetime.fromisoformat(value) is not None)


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme in {"http", "https"} and parts.netloc)


def to_json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a null alternative, and an object with properties
    is closed (the document names every field of an answer)."""
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in IGNORED_KEYWORDS:
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(schema) for name, schema in value.items()}
        elif key in {"items", "not", "additionalProperties"} and isinstance(value, dict):
            out[key] = to_json_schema(value)
        elif key in {"allOf", "anyOf", "oneOf"}:
            out[key] = [to_json_schema(schema) for schema in value]
        else:
            out[key] = value
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def route_pattern(template: str) -> re.Pattern:
    """`/api/v1/casussen/{id}/plan` -> a pattern matching `/api/v1/casussen/12/plan`."""
    parts = ["[^/]+" if part.startswith("{") else re.escape(part) for part in template.split("/")]
    return re.compile("^" + "/".join(parts) + "$")


class Contract:
    def __init__(self, document: dict):
        self.document = document
        self.components = {"schemas": {name: to_json_schema(schema)
                                       for name, schema in document["components"]["schemas"].items()}}
        # A literal segment wins over a parameter: fewer parameters first.
        self.routes = sorted(((route_pattern(path), path) for path in document["paths"]),
                             key=lambda route: route[1].count("{"))

    def validate(self, instance, schema: dict) -> list[str]:
        validator = jsonschema.Draft202012Validator({**to_json_schema(schema), "components": self.components},
                                                    format_checker=FORMATS)
        return [f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message}"
                for e in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))]

    def header(self, spec: dict) -> dict:
        if "$ref" in spec:
            return self.document["components"]["headers"][spec["$ref"].rsplit("/", 1)[-1]]
        return spec

    def find(self, method: str, path: str) -> tuple[str | None, dict | None]:
        for pattern, template in self.routes:
            if pattern.match(path):
                return template, self.document["paths"][template].get(method.lower())
        return None, None

    def problems(self, method: str, path: str, response) -> list[str]:
        """What in this answer the document does not describe (empty when it describes all of it)."""
        version = response.get("API-Version")
        if version != self.document["info"]["version"]:
            found = [f"header API-Version is {version!r}, the document's version is {self.document['info']['version']!r}"]
        else:
            found = []
        if path.startswith(META_PATHS):
            return found
        # HEAD is GET without the body (Django answers it for every GET)
        template, operation = self.find("GET" if method == "HEAD" else method, path)
        if operation is None:
            expected = 404 if template is None else 405
            what = "an address the document does not have" if template is None else f"a method {template} does not take"
            if response.status_code != expected:
                return [*found, f"{what}: expected {expected}, got {response.status_code}"]
            return found + self.check_body(response, "application/problem+json",
                                           {"$ref": "#/components/schemas/Fout"})
        spec = operation["responses"].get(str(response.status_code))
        if spec is None:
            return [*found, f"status {response.status_code} is not documented for {method} {template} "
                            f"(documented: {', '.join(operation['responses'])})"]
        for name, header in spec.get("headers", {}).items():
            header = self.header(header)
            if response.get(name) is None:
                if header.get("required"):
                    found.append(f"required header {name} is missing")
                continue
            found += [f"header {name}: {error}" for error in self.validate(response[name], header["schema"])]
        content = spec.get("content", {}) if method != "HEAD" else {}
        media_type = response.get("Content-Type", "").split(";")[0].strip()
        if not content:
            return found + ([f"documented without a body, got {len(response.content)} bytes"] if response.content else [])
        if media_type not in content:
            return [*found, f"content type {media_type!r} is not documented for {response.status_code} "
                            f"(documented: {', '.join(content)})"]
        return found + self.check_body(response, media_type, content[media_type].get("schema", {}))

    def check_body(self, response, media_type: str, schema: dict) -> list[str]:
        if response.get("Content-Type", "").split(";")[0].strip() != media_type:
            return [f"content type {response.get('Content-Type')!r}, expected {media_type!r}"]
        if not media_type.endswith("json"):
            return [] if schema.get("format") == "binary" else [f"no check for {media_type}"]
        try:
            body = json.loads(response.content)
        except ValueError:
            return [f"the {media_type} body is not JSON"]
        return self.validate(body, schema)


@functools.cache
def contract() -> Contract:
    return Contract(yaml.safe_load(SCHEMA_PATH.read_text()))


@pytest.fixture(autouse=True)
def api_contract(monkeypatch):
    """Checks every answer under /api/ against the document as the test receives it (see the module docstring)."""
    send = Client.request

    def request(self, **kwargs):
        response = send(self, **kwargs)
        environ = response.request
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        if path.startswith("/api/"):
            found = contract().problems(method, path, response)
            assert not found, (f"{method} {path} answered {response.status_code}, which the OpenAPI document does not "
                               "describe:\n- " + "\n- ".join(found) + f"\n{response.content[:600]!r}")
        return response

    monkeypatch.setattr(Client, "request", request)
    return contract()
