"""Each role's daily work, end to end, in the system Chromium against a real `polon serve` on the demo's fictional
data (tests/e2e/conftest.py). Every page a journey looks at is checked by axe-core (no serious or critical WCAG
2 A/AA violation) and photographed into the screenshots folder. Elements are found the way a user finds them:
by their label, role and text, in the journey's language (polon's own catalogs)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import needs_chromium

pytestmark = needs_chromium


def test_registrar_records_a_person_finds_him_across_scripts_and_adds_an_event(journey):
    """In Ukrainian: the persons list, recording a person, the header search in Latin letters, his page."""
    j = journey("registrar", locale="uk")
    page = j.page
    j.login("registrar")
    # He lands on the GC III duties overdue and due soon (polon.duties): a demo capture card is overdue.
    expect(j.heading()).to_have_text(j.t("Duties due"))
    expect(page.locator("main")).to_contain_text("Нұрлан Серікұлы Жақыпов")
    j.check("duties due")
    j.menu("Persons")
    expect(j.heading()).to_have_text(j.t("Persons"))
    j.check("persons list")
    # The keyboard's first stop is the skip link, which leads past the header to the page's content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=j.t("Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    filters = page.get_by_role("search", name=j.t("Filter the persons"))
    j.field("Citizenship", filters).select_option("UZ")
    j.button("Filter", filters).click()
    expect(page.locator("main").get_by_role("link", name=re.compile("Дилшод Каримов"))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Ерлан Тулегенов")
    j.check("persons of one citizenship")

    j.menu("Record a person")
    expect(j.heading()).to_have_text(j.t("Record a person"))
    j.check("record a person form")
    j.field("Name as written (primary spelling)").fill("Нурсултан Байжанов")
    j.field("Category").select_option("pow")
    j.field("Citizenship").select_option("KZ")
    j.field("Date of birth").fill("1996-08-21")
    j.field("Date of capture").fill("2025-06-14")
    j.field("Place of capture").fill("Demo sector 12")
    with page.expect_navigation():
        j.button("Save").click()
    confirm = j.field("None of these is this person: record a new one")
    if confirm.count():  # the registry holds a similar name: say it is someone else
        j.check("likely duplicates")
        confirm.check()
        with page.expect_navigation():
            j.button("Save").click()
    expect(j.heading()).to_contain_text("Нурсултан Байжанов")
    expect(j.heading()).to_contain_text(j.t("Held"))
    j.check("his page")

    # He also holds a Russian passport: a second citizenship, added on his page.
    page.locator("summary", has_text=j.t("Add a citizenship")).click()
    form = page.locator("#citizenship-form")
    j.field("Country", form).select_option("RU")
    with page.expect_navigation():
        form.get_by_role("button", name=j.t("Add citizenship")).click()
    citizenships = page.locator("#citizenships")
    expect(citizenships).to_contain_text("Казахстан")
    expect(citizenships).to_contain_text("Росія")
    j.check("second citizenship")

    # The header search finds a Kazakh name typed in German-style Latin letters.
    search = page.locator("header").get_by_label(j.t("Search a name in any script"))
    search.fill("Jerlan Tulegenow")
    with page.expect_navigation():
        search.press("Enter")
    result = page.locator("main").get_by_role("link", name=re.compile("Ерлан Тулегенов"))
    expect(result.first).to_be_visible()
    j.check("search results")
    j.follow(result.first)
    expect(j.heading()).to_contain_text("Ерлан Тулегенов")

    # A status event: he is moved to a camp.
    page.locator("summary", has_text=j.t("Add a status event")).click()
    form = page.locator("#event-form")
    j.field("Event", form).select_option("interned")
    j.field("Date", form).fill("2025-03-02")
    j.field("Facility", form).fill("Demo internment camp No. 4")
    with page.expect_navigation():
        form.get_by_role("button", name=j.t("Add event")).click()
    expect(page.locator("main")).to_contain_text("Demo internment camp No. 4")
    expect(page.locator("#timeline")).to_contain_text(j.t("Interned"))
    j.check("event added")


def test_analyst_prepares_a_round_and_reconciles_the_other_sides_list(journey):
    """In English: a new round, a person put on its list by his name (the picker), the other side's list
    imported and reconciled in the background (a Latin spelling matched, an unknown name, a bad line kept to
    correct), the sources' review queue, the dashboard."""
    j = journey("analyst", locale="en")
    page = j.page
    j.login("analyst")
    expect(j.heading()).to_have_text(j.t("Persons"))
    j.menu("Exchanges")
    expect(j.heading()).to_have_text(j.t("Exchange rounds"))
    j.check("rounds")
    j.follow(j.link("Record a round"))
    j.check("new round form")
    j.field("Number").fill("11")
    j.field("Title").fill("Spring exchange (E2E)")
    j.field("Formula").select_option("n_for_n")
    j.field("N").fill("5")
    with page.expect_navigation():
        j.button("Save").click()
    expect(j.heading()).to_contain_text("Spring exchange (E2E)")
    round_id = re.search(r"/exchanges/(\d+)/", page.url).group(1)
    j.check("round")

    form = page.locator("form", has=page.get_by_role("button", name=j.t("Add"), exact=True))
    j.field("Person", form).fill("Дилшод Каримов")
    j.field("List", form).select_option("hand_over")
    with page.expect_navigation():
        form.get_by_role("button", name=j.t("Add"), exact=True).click()
    hand_over = page.locator("section", has=page.get_by_role("heading", name=j.t("We hand over"), exact=True))
    expect(hand_over.get_by_role("link", name=re.compile("Дилшод Каримов"))).to_be_visible()
    j.check("person on the round")

    # The other side's list: his name in Latin letters, a name nobody recorded, a line with an impossible date.
    other_list = ("name,birth_date,rank,unit,citizenship\n"
                  "Yerlan Tulegenov,1994-05-17,,,KZ\n"
                  "Бахтияр Нурмагамбетов,1991-07-01,,,KZ\n"
                  "Самандар Юлдашев,1993-13-45,,,UZ\n").encode()
    imported = page.locator("form", has=page.get_by_role("button", name=j.t("Import and reconcile")))
    j.field("List file", imported).set_input_files(
        files=[{"name": "other-side.csv", "mimeType": "text/csv", "buffer": other_list}])
    j.field("List", imported).select_option("hand_over")
    with page.expect_navigation():
        imported.get_by_role("button", name=j.t("Import and reconcile")).click()
    result = page.get_by_role("link", name=j.t("See the result"))
    expect(result).to_be_visible(timeout=60_000)  # the job worker reconciles it
    j.check("reconciliation job")
    j.follow(result)
    reconciled = page.locator("#reconciled")
    row = reconciled.get_by_role("row", name=re.compile("Yerlan Tulegenov"))
    expect(row).to_contain_text(j.t("Matched"))
    expect(row.get_by_role("link", name=re.compile("Ерлан Тулегенов"))).to_be_visible()
    expect(reconciled.get_by_role("row", name=re.compile("Бахтияр Нурмагамбетов"))).to_contain_text(
        j.t("Not in the registry"))
    expect(reconciled.get_by_role("row", name=re.compile("Самандар Юлдашев")).first).to_contain_text(
        j.t("To correct"))
    j.check("reconciled list")

    # From the persons list: the Tajik citizens, one ticked, put on the round's list in bulk.
    j.menu("Persons")
    filters = page.get_by_role("search", name=j.t("Filter the persons"))
    j.field("Citizenship", filters).select_option("TJ")  # the list follows the choice at once (HTMX)
    page.wait_for_url(re.compile(r"citizenship=TJ"))
    tick = page.get_by_role("checkbox", name=re.compile("Фирдавс Рахмонов"))
    tick.check()
    expect(tick).to_be_checked()
    j.check("persons ticked")
    j.follow(j.button("Put the selected on an exchange round"))
    j.field("Exchange round").select_option(round_id)
    j.follow(j.button("Next"))
    j.check("put persons on a list")
    j.field("List").select_option("hand_over")
    j.follow(j.button("Put them on the list"))
    hand_over = page.locator("section", has=page.get_by_role("heading", name=j.t("We hand over"), exact=True))
    expect(hand_over.get_by_role("link", name=re.compile("Фирдавс Рахмонов"))).to_be_visible()
    expect(hand_over.get_by_role("link", name=re.compile("Дилшод Каримов"))).to_be_visible()

    j.menu("Sources")
    expect(page.get_by_role("heading", name=j.t("Review queue"))).to_be_visible()
    j.check("sources and their review queue")
    j.menu("Dashboard")
    expect(j.heading()).to_be_visible()
    j.check("dashboard")


def test_liaison_officer_reads_his_states_citizens_on_a_phone(journey):
    """In Ukrainian, 375 px wide: the header's menu wraps, tables scroll in their box, nothing overflows; he sees
    his state's citizens only, the state's dossier and a citizen's consular page."""
    j = journey("liaison", locale="uk", width=375, height=740)
    page = j.page
    j.login("liaison_kz")
    expect(j.heading()).to_have_text(j.t("Persons"))
    j.fits_width()
    j.check("persons of his state")
    expect(page.locator("main")).to_contain_text("Ерлан Тулегенов")
    expect(page.locator("main")).not_to_contain_text("Дилшод Каримов")

    j.menu("States")
    j.fits_width()
    j.check("states")
    j.follow(page.locator("main").get_by_role("link", name=re.compile(r"\(KZ\)")).first)
    expect(j.heading()).to_contain_text("Казахстан")
    j.fits_width()
    j.check("dossier")

    search = page.locator("header").get_by_label(j.t("Search a name in any script"))
    search.fill("Yerlan Tulegenov")
    with page.expect_navigation():
        search.press("Enter")
    j.follow(page.locator("main").get_by_role("link", name=re.compile("Ерлан Тулегенов")).first)
    expect(j.heading()).to_contain_text("Ерлан Тулегенов")
    j.fits_width()
    j.check("his page")
    tulegenov = int(re.search(r"/persons/(\d+)/", page.url).group(1))
    j.follow(j.link("Consular page"))
    expect(j.heading()).to_contain_text("Ерлан Тулегенов")
    j.fits_width()
    j.check("consular page")

    # The Uzbek recorded next to him is outside her scope: a page in her language, with the menu, says so.
    response = page.goto(f"{j.base}/persons/{tulegenov + 1}/")
    assert response.status == 404
    expect(j.heading()).to_have_text(j.t("Not found"))
    expect(page.get_by_role("navigation", name=j.t("Main menu"))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Дилшод Каримов")
    j.fits_width()
    j.check("not in her scope")


def test_icrc_delegate_exports_the_held_persons(journey):
    """In English: the export form, a CSV of the persons held, the record of what left."""
    j = journey("icrc", locale="en")
    page = j.page
    j.login("icrc")
    j.menu("Export")
    j.check("export form")
    j.field("What").select_option("csv")
    j.field("Recipient").fill("ICRC Central Tracing Agency (demo)")
    j.field("Status").select_option("held")
    with page.expect_download() as download:
        j.button("Export").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "Ерлан Тулегенов" in text and "Дилшод Каримов" in text

    # A capture card (GC III Annex IV B) for one person, named as he is written.
    j.field("What").select_option("capture_card")
    j.field("Persons").fill("Ерлан Тулегенов")
    with page.expect_download() as download:
        j.button("Export").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    page.goto(j.base + "/exports/history/")
    expect(page.locator("main")).to_contain_text("ICRC Central Tracing Agency (demo)")
    j.check("export history")


def test_auditor_lands_on_the_audit_log_searches_it_and_verifies_the_chain(journey):
    """In Ukrainian: the auditor lands on the log (never a 403), searches it by actor and verifies the chain."""
    j = journey("auditor", locale="uk")
    page = j.page
    j.login("auditor")
    expect(j.heading()).to_have_text(j.t("Audit log"))
    j.check("audit log")
    # Who wrote what about one person: his name is enough.
    j.field("Person").fill("Ерлан Тулегенов")
    with page.expect_navigation():
        j.button("Search").click()
    events = page.locator("main").get_by_role("table").first
    expect(events).to_contain_text("admin")
    expect(events).to_contain_text("Ерлан Тулегенов")
    j.check("events about one person")
    j.follow(j.link("Verify the hash chain"))
    expect(page.locator(".message.success")).to_be_visible()
    j.check("chain verified")


def test_admin_creates_a_liaison_officer_who_sets_his_own_password(journey):
    """In English: a user created with a temporary password, who must choose his own at his first login and set up
    his second factor."""
    j = journey("admin", locale="en")
    page = j.page
    j.login("admin")
    j.menu("Users")
    expect(j.heading()).to_have_text(j.t("Users"))
    j.check("users")
    j.follow(j.link("Create a user"))
    j.check("create a user")
    j.field("Username").fill("liaison_tj")
    j.field("Role").select_option("liaison")
    j.field("Countries (consular liaison officers only)").select_option(["TJ"])
    with page.expect_navigation():
        j.button("Create the user").click()
    expect(j.heading()).to_have_text("liaison_tj")
    temporary = page.locator("code.secret").inner_text().strip()
    j.check("user created")

    officer = journey("new-liaison", locale="en")
    officer.login("liaison_tj", temporary)
    expect(officer.heading()).to_have_text(officer.t("Choose a new password"))
    officer.check("choose a new password")
    officer.field("Current password").fill(temporary)
    officer.field("New password").fill("Dushanbe-registry-2026")
    officer.field("New password again").fill("Dushanbe-registry-2026")
    with officer.page.expect_navigation():
        officer.button("Change password and continue").click()
    # `polon serve` requires a second factor: he sets up his authenticator app before anything else.
    assert len(officer.enrol()) == 10
    officer.follow(officer.link("I have kept them: continue"))
    expect(officer.heading()).to_have_text(officer.t("Persons"))
    expect(officer.page.locator("main")).to_contain_text("Фирдавс Рахмонов")
    expect(officer.page.locator("main")).not_to_contain_text("Ерлан Тулегенов")
    officer.check("his first page")

    # The administrator deactivates him again: he can no longer log in.
    j.follow(j.button("Deactivate"))
    expect(j.heading()).to_contain_text(j.t("deactivated"))
    j.check("user deactivated")
