"""Every API error answers JSON in the documented shape ({"detail": str, "errors": {field: [str]}}), whatever
failed — polon's rules, the body's JSON, the form data, the size, the method, or an unexpected exception — and the
inputs that made the server fail (issue 24) are refused with a 400 naming the field."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(users):
    """A client holding the administrator's bearer token (English answers)."""
    from polon.accounts.services import create_api_token

    admin = users["admin"]
    token = create_api_token(actor=admin, user=admin, name="errors")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")


def _shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    assert all(isinstance(v, list) and all(isinstance(r, str) for r in v) for v in body["errors"].values())
    return body


@pytest.mark.parametrize("body", ["false", "[]", "0", '"Ермек"', "null"])
def test_a_body_that_is_not_a_json_object_is_refused_and_nothing_is_written(api, registry, body):
    from polon.consular.models import Objection

    kazakh = registry["kazakh"]
    answer = _shape(api.post(f"/api/consular/persons/{kazakh.pk}/objections", body,
                             content_type="application/json"), 400)
    assert "body" in answer["errors"]
    assert not Objection.objects.exists()


def test_an_objection_without_a_body_is_refused(api, registry):
    from polon.consular.models import Objection

    answer = _shape(api.post(f"/api/consular/persons/{registry['kazakh'].pk}/objections",
                             content_type="application/json"), 400)
    assert answer["errors"], answer
    assert not Objection.objects.exists()


def test_malformed_json_names_the_body(api, registry):
    answer = _shape(api.post("/api/persons", '{"names": [{"text": "Ерлан"', content_type="application/json"), 400)
    assert "not valid JSON" in answer["errors"]["body"][0]


def test_an_oversized_body_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = json.dumps({"names": [{"text": "Дилшод Каримов " * 100}], "category": "pow"})
    answer = _shape(api.post("/api/persons", payload, content_type="application/json"), 413)
    assert "body" in answer["errors"]


def test_multipart_that_cannot_be_read_is_400_json(api, registry):
    answer = _shape(api.post(f"/api/persons/{registry['kazakh'].pk}/documents", b"--x\r\nnot a form",
                             content_type="multipart/form-data"), 400)
    assert "body" in answer["errors"]


def test_a_method_the_path_does_not_take_is_405_json_with_allow_like_any_other_refusal(api):
    response = api.delete("/api/persons")
    _shape(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    _shape(api.get("/api/no-such-thing"), 404)
    _shape(Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/persons"), 401)
    _shape(Client(HTTP_AUTHORIZATION="Bearer polon_not-a-token").get("/api/persons"), 401)


def test_an_unexpected_exception_is_a_logged_json_500_without_traceback_even_in_debug(api, registry, monkeypatch,
                                                                                     caplog, settings):
    """Even with DEBUG on by mistake (ninja would answer its traceback as text), the client gets the JSON 500."""
    from polon.registry import selectors

    settings.DEBUG = True
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/polon/db.sqlite3")

    monkeypatch.setattr(selectors, "get_person", broken)
    client = Client(HTTP_AUTHORIZATION=api.defaults["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="en",
                    raise_request_exception=False)
    response = client.get(f"/api/persons/{registry['kazakh'].pk}")
    body = _shape(response, 500)
    assert "secret internals" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert body["detail"] == "Something went wrong on the server. The error has been logged."
    assert any("secret internals" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)

    # A refusal Django's way (not polon's) is still a 403, not swallowed into the 500.
    from django.core.exceptions import PermissionDenied

    def refused(*args, **kwargs):
        raise PermissionDenied("not for this role")

    monkeypatch.setattr(selectors, "get_person", refused)
    assert _shape(client.get(f"/api/persons/{registry['kazakh'].pk}"), 403)["detail"] == "not for this role"


@pytest.mark.parametrize("query, field", [
    ("limit=-5", "limit"), ("limit=0", "limit"), ("offset=-121", "offset"),
    ("offset=99999999999999999999999999", "offset"), ("limit=-460004074172928448", "limit"),
])
def test_negative_and_huge_paging_is_400(api, registry, query, field):
    answer = _shape(api.get(f"/api/persons?{query}"), 400)
    assert field in answer["errors"]


@pytest.mark.parametrize("path", ["/api/tokens?offset=2229063418438078261362688", "/api/sources?offset=-1",
                                  "/api/jobs?offset=14760245348497728038370386726241697792"])
def test_paging_out_of_range_is_400_on_every_listing(api, path):
    _shape(api.get(path), 400)


@pytest.mark.parametrize("path", ["/api/persons/-1", "/api/persons/0", "/api/persons/99999999999999999999999",
                                  "/api/persons/-15551750589003200512/documents/1/file"])
def test_ids_out_of_range_are_400_naming_the_id(api, path):
    answer = _shape(api.get(path), 400)
    assert "person_id" in answer["errors"]


def test_a_number_no_database_holds_in_a_body_is_400(api, registry):
    kazakh = registry["kazakh"]
    answer = _shape(api.post(f"/api/persons/{kazakh.pk}/events", json.dumps(
        {"type": "transferred", "source_ids": [2**70]}), content_type="application/json"), 400)
    assert "out of range" in answer["errors"]["body"][0]


def test_a_malformed_birth_date_in_search_names_birth_date(api, registry):
    answer = _shape(api.get("/api/persons/search", {"q": "Ermek Katyrenov", "birth_date": "1991-13-45"}), 400)
    assert list(answer["errors"]) == ["birth_date"]


def test_a_name_citing_a_source_that_does_not_exist_is_400_and_nothing_is_written(api, registry):
    from polon.registry.models import Person

    before = Person.objects.count()
    answer = _shape(api.post("/api/persons", json.dumps({
        "category": "pow", "names": [{"text": "Фирдавс Рахмонов", "source_id": 999999}],
        "citizenships": [{"country": "TJ"}]}), content_type="application/json"), 400)
    assert "999999" in answer["errors"]["source_id"][0]
    assert Person.objects.count() == before
    kazakh = registry["kazakh"]
    answer = _shape(api.post(f"/api/persons/{kazakh.pk}/names", json.dumps(
        {"text": "Ermek Qatyrenov", "source_id": 424242}), content_type="application/json"), 400)
    assert "source_id" in answer["errors"]
    assert not kazakh.names.filter(text="Ermek Qatyrenov").exists()


@pytest.mark.parametrize("changes, field", [
    ({"languages": 5}, "languages"), ({"category": ["pow"]}, "category"),
    ({"rank": {"a": 1}}, "rank"), ({"restricted": 7}, "restricted"),
])
def test_patch_with_values_of_the_wrong_kind_is_400_naming_the_field(api, registry, changes, field):
    kazakh = registry["kazakh"]
    kazakh.refresh_from_db()
    version = kazakh.version
    answer = _shape(api.patch(f"/api/persons/{kazakh.pk}", json.dumps({"version": version, "changes": changes}),
                              content_type="application/json"), 400)
    assert field in answer["errors"]
    kazakh.refresh_from_db()
    assert kazakh.version == version and kazakh.languages == [] and kazakh.rank == ""


def test_every_operation_documents_its_error_answers_as_error_out():
    from polon.api.app import api

    document = api.get_openapi_schema(path_prefix="/api/")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            codes = {str(c) for c in operation["responses"]}
            assert {"400", "401", "403", "404", "500", "507"} <= codes, (method, path, codes)
            if "requestBody" in operation:
                assert "413" in codes, (method, path)


def test_no_two_schemas_share_a_name():
    """ninja publishes a schema under its class name: two classes of one name would publish one of them for both
    (the sources' review suggestion once stood for the enquiries' search suggestion)."""
    import importlib
    import pkgutil

    from ninja import Schema

    import polon.api.schemas as package

    seen: dict[str, str] = {}
    clashes = []
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                if name in seen and seen[name] != module.__name__:
                    clashes.append(f"{name}: {seen[name]} and {module.__name__}")
                seen[name] = module.__name__
    assert not clashes, clashes


def test_a_web_form_over_the_size_limit_is_a_413_page_not_a_json_or_bare_400(users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["registrar"])
    response = client.post("/login/", {"username": "registrar", "password": "x" * 5000})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "too large" in response.content.decode()
