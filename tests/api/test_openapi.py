"""The published OpenAPI document types every answer: a client can rely on the fields of every success.

The rule, per operation and per 2xx answer:

* a JSON answer (``application/json``) has a schema that resolves (``$ref`` followed, an array's ``items``
  followed) to an object with ``properties``: no ``response=dict``, ``list[dict]``, ``Any`` or a schema
  without fields. An array of plain values (strings, numbers, booleans) is typed too;
* any other answer is a file download (documented with ``openapi_extra``, see api.schemas.common.file_answer):
  each of its media types is a binary body;
* every operation documents at least one 2xx answer.

That every operation declares a policy is checked by tests/access/test_policies.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
SCALARS = frozenset({"string", "integer", "number", "boolean"})


@pytest.fixture(scope="module")
def document():
    from polon.api.app import api

    return api.get_openapi_schema(path_prefix="/api/")


def _resolve(schema: dict, components: dict) -> dict:
    seen = 0
    while "$ref" in schema:
        seen += 1
        assert seen < 20, f"$ref loop at {schema['$ref']}"
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if len(schema.get("allOf", ())) == 1:
        return _resolve(schema["allOf"][0], components)
    return schema


def _untyped(schema: dict, components: dict) -> str | None:
    """Why ``schema`` is not a typed JSON answer, or None when it is."""
    schema = _resolve(schema, components)
    if schema.get("type") == "array":
        items = _resolve(schema.get("items", {}), components)
        if items.get("type") in SCALARS:
            return None
        return _untyped(items, components)
    if schema.get("type") != "object":
        return f"not an object: {schema or 'no schema'}"
    if not schema.get("properties"):
        return f"an object without properties: {schema.get('title', schema)}"
    return None


def _operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def test_every_json_success_answer_is_a_typed_object(document):
    components = document.get("components", {}).get("schemas", {})
    operations = list(_operations(document))
    assert len(operations) > 30
    problems = []
    for name, operation in operations:
        successes = {code: answer for code, answer in operation.get("responses", {}).items()
                     if str(code).startswith("2")}
        if not successes:
            problems.append(f"{name}: documents no 2xx answer")
        for code, answer in successes.items():
            content = answer.get("content")
            if not content:
                problems.append(f"{name} {code}: no content documented")
                continue
            for media_type, body in content.items():
                if media_type == "application/json" or media_type.endswith("+json"):
                    reason = _untyped(body.get("schema", {}), components)
                    if reason:
                        problems.append(f"{name} {code}: {reason}")
                elif body.get("schema", {}).get("format") != "binary":
                    problems.append(f"{name} {code} {media_type}: neither JSON nor a file")
    assert not problems, "untyped API answers:\n" + "\n".join(problems)


def test_every_input_body_is_a_typed_object(document):
    components = document.get("components", {}).get("schemas", {})
    problems = []
    for name, operation in _operations(document):
        for media_type, body in operation.get("requestBody", {}).get("content", {}).items():
            if media_type == "application/json":
                reason = _untyped(body.get("schema", {}), components)
                if reason:
                    problems.append(f"{name}: {reason}")
    assert not problems, "untyped API inputs:\n" + "\n".join(problems)


def test_file_answers_are_documented_as_files(document):
    export = document["paths"]["/api/exports"]["post"]["responses"]
    assert export[200]["content"]["text/csv"]["schema"]["format"] == "binary"
    assert "X-Polon-Export" in export[200]["headers"]
    assert export[202]["content"]["application/json"]["schema"]["$ref"].endswith("/JobOut")
    job_file = document["paths"]["/api/jobs/{job_id}/file"]["get"]["responses"]
    assert job_file[200]["content"]["text/csv"]["schema"]["format"] == "binary"


def test_the_published_document_is_the_one_checked(document):
    published = Client().get("/api/openapi.json").json()
    assert sorted(published["paths"]) == sorted(document["paths"])
