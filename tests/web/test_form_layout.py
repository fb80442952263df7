"""How every form renders (polon/_form.html, _form_errors.html) and what the page frame offers (base.html):
labels tied to their inputs, required marks, help and errors described to assistive technology, refusals
above the form linked to their fields, a skip link and a labelled header search."""

from __future__ import annotations

import re

import pytest
from django import forms

from polon.web.forms.base import Form


class ContactForm(Form):
    name = forms.CharField(label="Name as written", help_text="Any script: Ерлан Тулегенов, Jerlan Tulegenow.")
    born = forms.CharField(label="Date of birth", required=False)
    restricted = forms.BooleanField(label="Restricted", required=False)
    side = forms.ChoiceField(label="List", choices=[("a", "We hand over"), ("b", "We receive")],
                             widget=forms.RadioSelect)


def test_every_input_has_its_label_required_marks_and_described_help():
    html = str(ContactForm())
    for field in ("name", "born", "restricted"):
        assert f'<label for="contact-{field}">' in html
    assert re.search(r'<label for="contact-name">Name as written <span class="required"[^>]*>\*</span></label>', html)
    assert '<label for="contact-born">Date of birth</label>' in html  # optional: no mark
    assert 'id="contact-name_helptext"' in html and 'aria-describedby="contact-name_helptext"' in html
    # A group of radio buttons is a fieldset named by its legend.
    assert re.search(r"<fieldset[^>]*>\s*<legend>List <span class=\"required\"", html)


def test_a_refused_form_lists_the_errors_above_it_linked_to_the_fields_and_marks_each_field():
    form = ContactForm(data={"born": "1994-05-17", "side": "a"})
    form.add_error(None, "Conflict: someone changed this person meanwhile.")
    html = str(form)
    summary = html.split("</div>", 1)[0]
    assert 'role="alert"' in summary and "Conflict: someone changed this person meanwhile." in summary
    assert '<a href="#contact-name">Name as written</a>: This field is required.' in summary
    assert 'aria-invalid="true"' in html and 'id="contact-name_error"' in html
    assert re.search(r'aria-describedby="contact-name_helptext contact-name_error"', html)


@pytest.mark.django_db
def test_pages_have_a_skip_link_to_the_content_and_a_labelled_header_search(client, django_user_model):
    from polon.accounts.services import create_user

    create_user(actor=None, username="reg_aliya", password="test-password-polon-1", role="registrar")
    client.login(username="reg_aliya", password="test-password-polon-1")
    html = client.get("/persons/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a class="skip-link" href="#content">Skip to content</a>' in html
    assert '<main id="content" tabindex="-1">' in html
    assert re.search(r'<label for="header-q"[^>]*>Search a name in any script</label>', html)
    assert 'id="header-q"' in html
    uk = client.get("/persons/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Перейти до змісту" in uk
