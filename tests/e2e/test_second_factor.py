"""The second factor in Chromium against `polon serve` (which requires it): a new analyst sets up his authenticator
app from the page (the key typed from its text form), keeps his recovery codes, and logs in again with the app's
code and then with a recovery code, which works only once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import needs_chromium, totp_code

pytestmark = needs_chromium

PASSWORD = "Khujand-analyst-2026"  # analyst_tj, made by LOAD_DEMO without a second factor


def test_an_analyst_sets_up_his_authenticator_app_and_logs_in_with_it_and_with_a_recovery_code(journey):
    j = journey("second-factor", locale="uk")
    page = j.page
    j.login("analyst_tj", PASSWORD)
    # His password alone opens only the set-up: the persons list sends him back to it.
    page.goto(j.base + "/persons/")
    assert "/account/second-factor/setup/" in page.url
    codes = j.enrol()
    assert len(codes) == 10 and len(set(codes)) == 10
    j.follow(j.link("I have kept them: continue"))
    expect(j.heading()).to_have_text(j.t("Persons"))
    j.check("persons after the set-up")

    # The next login asks for the app's code.
    again = journey("second-factor-again", locale="uk")
    again.login("analyst_tj", PASSWORD, code=totp_code(j.enrolled_key))
    expect(again.heading()).to_have_text(again.t("Persons"))

    # Without his phone: a recovery code, once.
    spare = journey("second-factor-recovery", locale="en")
    spare.login("analyst_tj", PASSWORD, code=codes[3])
    expect(spare.heading()).to_have_text(spare.t("Persons"))
    expect(spare.page.locator(".message.warning")).to_contain_text("9")
    reused = journey("second-factor-reused", locale="en")
    reused.login("analyst_tj", PASSWORD, code=codes[3])
    expect(reused.heading()).to_have_text(reused.t("Second factor"))
    expect(reused.page.locator("main")).to_contain_text("this code is not right")
    reused.check("a used recovery code refused")
