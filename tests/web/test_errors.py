"""Error pages in the user's language with the site's navigation, and a session that expires without losing
what was typed (issue 23)."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import path

from polon.registry.models import Person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
NEW_PERSON = {"name": "Дилноза Исмоилова", "category": "pow", "sex": "female", "citizenship": "UZ",
              "citizenship_provenance": "self_declared", "notes": "Ташкент\nDilnoza Ismoilova, Toshkent viloyati",
              "confirmed_new": "1"}


def csrf_client(user=None, language: str = "uk") -> Client:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.login(username=user.username, password=PASSWORD)
    return client


def token_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def hidden_inputs(page: str, form_action: str) -> list[tuple[str, str]]:
    """The hidden inputs (name, value) of the form posting to form_action, values unescaped."""
    import html

    form = re.search(rf'<form method="post" action="{re.escape(form_action)}".*?</form>', page, re.S).group(0)
    return [(html.unescape(n), html.unescape(v))
            for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)]


# --- error pages ---------------------------------------------------------------------------------------------

def test_404_is_a_page_of_the_site_in_ukrainian(users):
    client = csrf_client(users["registrar"])
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Не знайдено" in page and 'href="/persons/"' in page  # the site's navigation
    assert "Not Found" not in page and "The requested resource" not in page


def test_404_of_a_person_outside_scope_names_it_in_ukrainian(registry, users):
    client = csrf_client(users["liaison_kz"])
    response = client.get(f"/persons/{registry['uzbek'].pk}/")
    assert response.status_code == 404
    assert "Не знайдено" in response.content.decode()


def test_404_in_english_when_asked(users):
    response = csrf_client(users["registrar"], language="en").get("/no-such-page/")
    assert response.status_code == 404 and "does not exist, or it is outside" in response.content.decode()


def test_403_says_what_the_role_may_not_do_with_a_link_home(users):
    client = csrf_client(users["auditor"])
    response = client.get("/persons/new/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Недостатньо прав" in page
    assert "Ваша роль (Аудитор) не дозволяє записувати чи змінювати дані осіб" in page
    assert 'href="/"' in page and 'href="/audit/"' in page  # home, and the navigation of an auditor
    assert "403 Forbidden" not in page and "registry.write" not in page


def test_every_policy_names_what_it_allows():
    from polon.access.policies import DESCRIPTIONS, POLICIES

    assert set(POLICIES) - {"public"} <= set(DESCRIPTIONS)


def test_400_is_a_page_of_the_site(users):
    from django.core.exceptions import SuspiciousOperation

    def bad(request):
        raise SuspiciousOperation("a forged header")

    with override_settings(ROOT_URLCONF=_urlconf_with("bad/", bad)):
        response = csrf_client(users["registrar"]).get("/bad/")
    assert response.status_code == 400
    assert "Некоректний запит" in response.content.decode()


def test_500_page_is_minimal_translated_and_does_not_touch_the_database(users, django_assert_num_queries):
    from django.utils import translation

    from polon.web.views.errors import server_error

    request = _request("/persons/")
    with translation.override("uk"), django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500 and "Помилка сервера" in page and 'href="/"' in page


def test_a_server_error_in_a_view_answers_the_friendly_500(users):
    def broken(request):
        raise RuntimeError("boom")

    with override_settings(ROOT_URLCONF=_urlconf_with("broken/", broken)):
        client = csrf_client(users["registrar"])
        client.raise_request_exception = False
        response = client.get("/broken/")
    assert response.status_code == 500 and "Помилка сервера" in response.content.decode()


def test_api_errors_stay_json(users):
    client = csrf_client(users["registrar"])
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


# --- CSRF failure and session expiry ------------------------------------------------------------------------

def test_a_get_after_the_session_expired_goes_to_login_with_next(users):
    client = csrf_client(users["registrar"])
    Session.objects.all().delete()
    response = client.get("/persons/?status=held")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/persons/%3Fstatus%3Dheld")


def test_a_form_sent_after_the_session_expired_keeps_its_input_and_is_sent_after_logging_in(registry, users):
    client = csrf_client(users["registrar"])
    form_page = client.get("/persons/new/").content.decode()
    Session.objects.all().delete()  # the session expires while the form is open
    before = Person.objects.count()

    expired = client.post("/persons/new/", {**NEW_PERSON, "csrfmiddlewaretoken": token_of(form_page)}, **ORIGIN)
    page = expired.content.decode()
    assert expired.status_code == 403
    assert "Ваш сеанс завершився" in page and "CSRF verification failed" not in page
    assert 'type="password"' in page  # a fresh login form
    carried = dict(hidden_inputs(page, "/session/resume/"))
    assert carried["resume_to"] == "/persons/new/"
    assert carried["carried:name"] == "Дилноза Исмоилова"
    assert carried["carried:notes"] == NEW_PERSON["notes"]
    assert "carried:csrfmiddlewaretoken" not in carried
    assert Person.objects.count() == before

    resent = client.post("/session/resume/", {**carried, "username": "registrar", "password": PASSWORD,
                                              "csrfmiddlewaretoken": token_of(page)})
    again = resent.content.decode()
    assert resent.status_code == 200 and "Надіслати ще раз" in again
    fields = hidden_inputs(again, "/persons/new/")
    assert dict(fields)["name"] == "Дилноза Исмоилова" and dict(fields)["citizenship"] == "UZ"
    assert "password" not in dict(fields) and "username" not in dict(fields)

    done = client.post("/persons/new/", {**dict(fields), "csrfmiddlewaretoken": token_of(again)}, **ORIGIN)
    assert done.status_code == 302
    assert Person.objects.count() == before + 1
    assert Person.objects.latest("pk").notes == NEW_PERSON["notes"]


def test_a_wrong_password_on_the_expired_page_keeps_the_input(users):
    client = csrf_client()
    page = client.get("/login/").content.decode()
    response = client.post("/session/resume/", {"resume_to": "/persons/new/", "carried:name": "Ерлан Тулегенов",
                                                "username": "registrar", "password": "wrong",
                                                "csrfmiddlewaretoken": token_of(page)})
    again = response.content.decode()
    assert response.status_code == 200 and 'type="password"' in again
    assert ("carried:name", "Ерлан Тулегенов") in hidden_inputs(again, "/session/resume/")


def test_a_stale_csrf_token_while_logged_in_offers_to_send_again_without_secrets(users):
    client = csrf_client(users["registrar"])
    stale = token_of(client.get("/persons/new/").content.decode())
    del client.cookies["csrftoken"]  # logged in again in another window: the browser's token is a new one
    client.get("/persons/")
    response = client.post("/persons/new/", {**NEW_PERSON, "password": "hunter2-secret", "api_token": "abc",
                                             "csrfmiddlewaretoken": stale}, **ORIGIN)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Сторінка застаріла" in page and "CSRF verification failed" not in page
    fields = dict(hidden_inputs(page, "/persons/new/"))
    assert fields["name"] == "Дилноза Исмоилова"
    assert "password" not in fields and "api_token" not in fields and "hunter2-secret" not in page
    assert token_of(page) != stale


def test_a_stale_form_from_another_site_is_not_offered_again(users):
    client = csrf_client(users["registrar"])
    client.get("/persons/")
    response = client.post("/persons/new/", {**NEW_PERSON, "csrfmiddlewaretoken": "x" * 64},
                           HTTP_ORIGIN="https://evil.example")
    page = response.content.decode()
    assert response.status_code == 403 and "Дилноза" not in page and "Надіслати ще раз" not in page


def test_a_stale_login_page_gets_a_fresh_login_form(users):
    client = csrf_client()
    response = client.post("/login/", {"username": "registrar", "password": PASSWORD, "next": "/persons/",
                                       "csrfmiddlewaretoken": "y" * 64})
    page = response.content.decode()
    assert response.status_code == 403 and 'type="password"' in page and "CSRF verification" not in page
    assert 'value="registrar"' in page and PASSWORD not in page


# --- helpers -----------------------------------------------------------------------------------------------

def _urlconf_with(route, view):
    import types

    import polon.urls
    from polon.web.policy import policy

    module = types.ModuleType("polon_test_urls")
    module.urlpatterns = [path(route, policy("public")(view)), *polon.urls.urlpatterns]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, name, getattr(polon.urls, name))
    import sys

    sys.modules["polon_test_urls"] = module
    return "polon_test_urls"


def _request(path_: str):
    from django.test import RequestFactory

    return RequestFactory().get(path_)


@pytest.mark.parametrize("url", ["/logout/", "/exchanges/1/execute/"])
def test_a_get_of_an_address_that_takes_only_forms_is_a_page_of_the_site(users, url):
    response = csrf_client(users["registrar"]).get(url)
    page = response.content.decode()
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "Це не сторінка" in page and 'href="/"' in page


def test_a_temporary_password_on_the_expired_page_asks_for_a_new_one_first(users):
    user = users["analyst"]
    user.must_change_password = True
    user.save()
    client = csrf_client()
    page = client.get("/login/").content.decode()
    response = client.post("/session/resume/", {"resume_to": "/enquiries/new/", "carried:requester_name": "Гулнора",
                                                "username": "analyst", "password": PASSWORD,
                                                "csrfmiddlewaretoken": token_of(page)})
    assert response.status_code == 302 and response["Location"] == "/login/new-password/"
    assert "_auth_user_id" not in client.session


def test_an_htmx_form_after_the_session_expired_gets_the_whole_page(registry, users):
    client = csrf_client(users["registrar"])
    token = token_of(client.get("/persons/new/").content.decode())
    Session.objects.all().delete()
    response = client.post("/persons/new/", {**NEW_PERSON, "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true",
                           **ORIGIN)
    assert response.status_code == 200 and response["HX-Retarget"] == "body"
    assert ("carried:name", "Дилноза Исмоилова") in hidden_inputs(response.content.decode(), "/session/resume/")


def test_a_stale_session_expired_page_keeps_carrying_the_same_fields(users):
    client = csrf_client()
    client.get("/login/")
    response = client.post("/session/resume/", {"resume_to": "/persons/new/", "carried:name": "Ерлан Тулегенов",
                                                "username": "registrar", "password": PASSWORD,
                                                "csrfmiddlewaretoken": "z" * 64}, **ORIGIN)
    kept = hidden_inputs(response.content.decode(), "/session/resume/")
    assert ("carried:name", "Ерлан Тулегенов") in kept and ("resume_to", "/persons/new/") in kept
    assert not any(name.startswith("carried:carried:") or name == "carried:username" for name, _ in kept)
