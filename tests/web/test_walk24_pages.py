"""What a walk through issue 24's pages in a browser found (Ukrainian and English, 375 px and desktop): a login
code step that said "Nothing was saved", an unlock form whose "Also the address" field said nothing of what address,
and Ukrainian refusals of the detriment rule that put a state's name after "до" in the nominative ("до Казахстан")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from polon.accounts import second_factor
from polon.consular.detriment import warnings_for
from polon.core.errors import ValidationFailed
from polon.exports.services import export_persons
from polon.registry.services import create_person, update_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
UK = {"HTTP_ACCEPT_LANGUAGE": "uk"}


def test_a_wrong_code_at_login_is_not_reported_as_nothing_saved(settings, make_user):
    settings.POLON_SECOND_FACTOR = "required"
    settings.POLON_LOGIN_SLOTS = 0
    officer = make_user("Айгерім_Сейтқазы", "liaison", ["KZ"])
    key = second_factor.new_secret()
    second_factor.enrol(actor=officer, key=key, code=_code(key), verified_session=False)
    for headers, said, not_said in [(EN, "The code was not accepted:", "Nothing was saved"),
                                    (UK, "Код не прийнято:", "Нічого не збережено")]:
        client = Client(**headers)
        assert client.post("/login/", {"username": officer.username, "password": PASSWORD}).status_code == 302
        page = client.post("/login/second-factor/", {"code": "000000"})
        text = page.content.decode()
        assert page.status_code == 400 and said in text and not_said not in text


def test_the_unlock_form_says_which_address_it_unlocks(users):
    liaison = users["liaison_kz"]
    for headers, label, help_start in [
            (EN, "Also unlock the address (IP)", "One of the addresses listed above"),
            (UK, "Також розблокувати адресу (IP)", "Одна з адрес, наведених вище")]:
        web = Client(**headers)
        web.force_login(users["admin"])
        page = web.get(f"/users/{liaison.pk}/").content.decode()
        assert label in page and help_start in page
        assert "Also the address" not in page and "Також адресу" not in page


def _uzbek(actor, *, restricted: bool):
    person = create_person(actor=actor, category="pow", birth_date="1990-07", power_depended="RU", army="RU-demo",
                           service_number="U-300001",
                           names=[NameInput(text="Жамшид Дилшодович Султонов"), NameInput(text="Jamshid Sultonov")],
                           citizenships=[CitizenshipInput(country="UZ", provenance="self_declared")])
    if restricted:
        update_person(actor=actor, person_id=person.pk, expected_version=person.version,
                      changes={"restricted": True})
        person.refresh_from_db()
    return person


def test_ukrainian_detriment_refusals_name_the_state_in_good_grammar(users):
    registrar = users["registrar"]
    person = _uzbek(registrar, restricted=True)
    with translation.override("uk"):
        warnings = " ".join(warnings_for(person, "TJ"))
        with pytest.raises(ValidationFailed) as refused:
            export_persons(actor=users["analyst"], kind="csv", person_ids=[person.pk],
                           recipient="Посольство Республіки Таджикистан", legal_basis="ЖК III, ст. 122",
                           state="TJ")
        refusal = " ".join(str(m) for m in refused.value.errors["override_reason"])
    assert "державі Таджикистан без обґрунтування" in warnings and "до Таджикистан" not in warnings
    assert "передати дані цих осіб державі Таджикистан" in refusal and "до Таджикистан" not in refusal


def _code(key: str) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key), digits=6).token():06d}"


@pytest.mark.parametrize("language, heading, back", [("uk", "Диск заповнено", "Перейти на початкову сторінку"),
                                                     ("en", "Disk full", "Go to the start page")])
def test_the_disk_full_and_busy_pages_are_readable_on_a_phone_and_lead_back(rf, language, heading, back):
    """Before: bare pages without a viewport (unreadably small at 375 px), the busy one without a heading, a
    language or any link."""
    from polon.web.busy import busy_response, disk_full_response

    request = rf.post("/persons/7/edit/", {"notes": "Шерзод Каримов"})
    request.LANGUAGE_CODE = language
    with translation.override(language):
        pages = [disk_full_response(request, OSError(28, "No space left on device")), busy_response(request)]
    assert [p.status_code for p in pages] == [507, 503]
    for page in pages:
        html = page.content.decode()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert f'<html lang="{language}">' in html and "<h1>" in html
        assert f'<a href="/">{back}</a>' in html
    assert f"<h1>{heading}</h1>" in pages[0].content.decode()
    assert pages[1]["Retry-After"]


def test_names_to_confirm_are_listed_under_the_box_not_repeated_in_the_summary(registry, users):
    """Before: the summary above the form repeated the box's long label once per person found ("I have checked
    these persons: …: #12 Алишер Турсунов …", four times for four persons), after the text's own refusal had named
    them all already."""
    client = Client(**EN)
    client.force_login(users["registrar"])
    kazakh = registry["kazakh"]
    typed = {"recipient": "protecting_power", "country": "KZ", "channel": "Note verbale", "date": "2025-04-22",
             "content": "Capture card of Ermek Katyrenov; held with Alisher Tursunov", "legal_basis": "GC III Art. 122"}
    refused = client.post(f"/consular/persons/{kazakh.pk}/transmissions/", typed)
    page = refused.content.decode()
    assert refused.status_code == 400
    summary, form = page.split('role="alert"', 1)[1].split("</div>", 1)
    assert "Remove the name" in summary and "Алишер Турсунов" in summary
    assert "I have checked these persons" not in summary
    # The transmission form, laid out by hand, showed no field's errors (its aria-describedby named missing ids) and
    # no help text: the persons to confirm now appear under the box, the content's refusal under the content.
    box = form.split('type="checkbox" name="confirm_names"', 1)[1].split("</div>", 1)[0]
    assert 'id="transmission-confirm_names_error"' in box and "Алишер Турсунов" in box
    assert 'id="transmission-content_error"' in form and 'id="transmission-country_helptext"' in form
    assert not kazakh.transmissions.exists()


def test_the_default_legal_basis_is_in_the_pages_language(users, registry):
    """Before: "GC III Art. 122" on the Ukrainian export and transmission forms."""
    for headers, basis in [(UK, "ЖК III, ст. 122"), (EN, "GC III Art. 122")]:
        client = Client(**headers)
        client.force_login(users["registrar"])
        for url in ("/exports/", f"/consular/persons/{registry['kazakh'].pk}/"):
            page = client.get(url).content.decode()
            assert f'name="legal_basis" value="{basis}"' in page, url


def test_the_stylesheet_keeps_marks_and_box_errors_where_the_eye_looks():
    """Seen at 375 px: the required mark of a narrow form's field (the login code) fell to a line of its own, and the
    persons to confirm were squeezed into a column beside the confirm box's label."""
    from pathlib import Path

    import polon

    css = (Path(polon.__file__).parent / "web" / "static" / "polon" / "polon.css").read_text(encoding="utf-8")
    assert ".narrow .field > label { display:block; }" in css
    assert ".grid .field.check { flex-wrap:wrap; }" in css
    assert ".grid .field.check > .help, .grid .field.check > .field-errors { flex-basis:100%; }" in css


def test_an_export_refusal_lists_its_persons_once_and_the_summary_counts_them(users):
    """Before: at 375 px the refusal of an export to Kazakhstan was 11,700 px tall — each flagged person with the
    law that may harm him, in the summary (with the field's long label before each) and again under the field."""
    registrar = users["registrar"]
    names = [("Ерлан Бекұлы Сейтқазиев", "Erlan Seitkaziev"), ("Нұрлан Асқарұлы Жұмабаев", "Nurlan Zhumabaev"),
             ("Дәурен Маратұлы Әбенов", "Dauren Abenov"), ("Асқар Ерланұлы Тоқтаров", "Askar Toktarov")]
    ids = [create_person(actor=registrar, category="pow", birth_date="1992-05", power_depended="RU", army="RU-demo",
                         service_number=f"K-40000{i}", names=[NameInput(text=c), NameInput(text=latin)],
                         citizenships=[CitizenshipInput(country="KZ", provenance="self_declared")]).pk
           for i, (c, latin) in enumerate(names)]
    client = Client(**UK)
    client.force_login(users["analyst"])
    response = client.post("/exports/", {"kind": "csv", "recipient": "Посольство Республіки Казахстан",
                                         "legal_basis": "ЖК III, ст. 122", "state": "KZ",
                                         "persons": "\n".join(f"№ {pk}" for pk in ids)})
    page = response.content.decode()
    assert not response.has_header("Content-Disposition")  # refused: no file
    summary, rest = page.split('role="alert"', 1)[1].split("</div>", 1)
    assert "5 зауважень — їх наведено під полем" in summary and "Сейтқазиев" not in summary
    under_field = rest.split('id="export-override_reason_error"', 1)[1].split("</ul>", 1)[0]
    assert all(name.split()[-1] in under_field for name, _latin in names)
    assert "державі Казахстан" in under_field
