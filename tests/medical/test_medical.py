"""The seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E): the weekly health report
generated from the timeline's states of health and sent as consular transmissions; a Mixed Medical Commission's
session, its decisions (Annex I categories) communicated and carried out within Annex II's deadlines; the
repatriation certificate (Annex IV E) by text extraction; the Art. 109(1) flag read by exchanges (a warning on
a one-for-one list) and the refusal to repatriate a flagged person against his will during hostilities."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.consular.models import Transmission
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.exchanges import services as exchanges
from polon.medical import selectors, services
from polon.medical.duties import open_duties
from polon.places import services as places
from polon.registry.models import RepatriationFlag, StatusEvent
from polon.registry.services import add_event

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def wounded(registry, users):
    """The Kazakh seriously wounded in hospital, the Uzbek sick in hospital, the dual citizen sick but held."""
    registrar = users["registrar"]
    hospital = places.create_place(actor=registrar, kind="hospital", name="Шпиталь № 2 «Демо-Степовий»",
                                   region="UA-56")
    add_event(actor=registrar, person_id=registry["kazakh"].pk, type="hospitalised", date="2024-11-05",
              health="seriously_wounded", internment_place_id=hospital.pk)
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="hospitalised", date="2024-11-06",
              health="sick", internment_place_id=hospital.pk)
    add_event(actor=registrar, person_id=registry["dual"].pk, type="interned", date="2024-11-07", health="sick",
              facility="Табір № 4")
    return {**registry, "hospital": hospital}


def test_the_weekly_report_from_the_timeline_sent_as_transmissions(wounded, users):
    registrar, kazakh, uzbek, dual = users["registrar"], wounded["kazakh"], wounded["uzbek"], wounded["dual"]
    listed = {p.pk: p for p in selectors.seriously_ill_or_wounded(registrar)}
    # Seriously wounded, and sick while in hospital; the sick prisoner held in camp is not on the report.
    assert set(listed) == {kazakh.pk, uzbek.pk}
    assert listed[kazakh.pk].current_health == "seriously_wounded"
    # A liaison officer for Uzbekistan sees only the Uzbek.
    assert [p.pk for p in selectors.seriously_ill_or_wounded(users["liaison_uz"])] == [uzbek.pk]

    # The clock: each is due a week after the event stating his health; overdue later.
    due = {d.key: d for d in open_duties(user=registrar, today=date(2024, 11, 20))}
    assert due[f"person:{kazakh.pk}"].due == date(2024, 11, 12)
    assert due[f"person:{kazakh.pk}"].is_overdue(date(2024, 11, 20))
    assert f"person:{dual.pk}" not in due

    with pytest.raises(PermissionDenied):
        services.send_weekly_report(actor=users["analyst"], recipient="icrc_cta", channel="e-mail")
    report = services.send_weekly_report(actor=registrar, recipient="protecting_power", channel="дипломатична пошта")
    entries = {e.person_id: e for e in report.entries.all()}
    assert set(entries) == {kazakh.pk, uzbek.pk}
    sent = Transmission.objects.get(pk=entries[kazakh.pk].transmission_id)
    assert sent.recipient == "protecting_power" and sent.country == "RU"
    assert sent.legal_basis == services.REPORT_BASIS and "Seriously wounded" in sent.content
    assert "Шпиталь № 2" in sent.content
    assert "medical.report.send" in actions()
    # One report a week to a recipient.
    with pytest.raises(ValidationFailed) as again:
        services.send_weekly_report(actor=registrar, recipient="protecting_power", channel="e-mail")
    assert "week_of" in again.value.errors

    # Sent: the next one is due a week after this one.
    today = timezone.localdate()
    due = {d.key: d for d in open_duties(user=registrar, today=today)}
    assert due[f"person:{kazakh.pk}"].due == today + timedelta(days=7)
    assert not due[f"person:{kazakh.pk}"].is_overdue(today)

    # The liaison sees the report through her citizen only.
    assert selectors.report_entries(users["liaison_uz"], report.pk).get().person_id == uzbek.pk
    assert selectors.get_report(users["liaison_uz"], report.pk).person_count == 1

    # Discharged and recovered: off the list.
    add_event(actor=registrar, person_id=uzbek.pk, type="discharged", date="2024-12-01", health="recovered")
    assert uzbek.pk not in {p.pk for p in selectors.seriously_ill_or_wounded(registrar)}


def test_a_commission_session_from_examination_to_repatriation(wounded, users):
    registrar, kazakh, uzbek = users["registrar"], wounded["kazakh"], wounded["uzbek"]
    held_on = timezone.localdate() - timedelta(days=40)
    with pytest.raises(ValidationFailed) as nowhere:
        services.create_session(actor=registrar, held_on=held_on, chairman="Dr. Demo", members="—")
    assert "place_id" in nowhere.value.errors
    session = services.create_session(
        actor=registrar, held_on=held_on, place_id=wounded["hospital"].pk, chairman="Dr. Anna Demo-Neutral (CH)",
        members="Dr. Anna Demo-Neutral (CH); Dr. Lars Demo (SE); лікар Демо Д. Д. (Держава, що тримає в полоні)")
    # A decision A rests on an Annex I category A; B on one of B.
    with pytest.raises(ValidationFailed) as wrong:
        services.record_decision(actor=registrar, session_id=session.pk, person_id=kazakh.pk,
                                 proposed_by="camp_doctor", diagnosis="Ампутація правої кисті", decision="A",
                                 category="B1")
    assert "category" in wrong.value.errors
    decision = services.record_decision(
        actor=registrar, session_id=session.pk, person_id=kazakh.pk, proposed_by="camp_doctor",
        diagnosis="Ампутація правої кисті після осколкового поранення", decision="A", category="A1")
    flag = RepatriationFlag.objects.get(person=kazakh)
    assert flag.must_repatriate and flag.flagged_on == held_on and "A (A1)" in flag.basis
    neutral = services.record_decision(
        actor=registrar, session_id=session.pk, person_id=uzbek.pk, proposed_by="man_of_confidence",
        diagnosis="Туберкульоз легень", decision="B", category="B2")
    assert not RepatriationFlag.objects.filter(person=uzbek).exists()

    # Annex II Art. 11: communicated within a month of the visit — overdue now (40 days).
    today = timezone.localdate()
    due = {d.key: d for d in open_duties(user=registrar, today=today)}
    assert due[f"session:{session.pk}"].kind == "medical.commission_decision_notice"
    assert due[f"session:{session.pk}"].due == held_on + timedelta(days=30)
    assert due[f"session:{session.pk}"].is_overdue(today)
    assert due[f"place:{wounded['hospital'].pk}"].due == held_on + timedelta(days=183)
    with pytest.raises(ValidationFailed):  # not carried out before it is communicated
        services.carry_out_decision(actor=registrar, decision_id=decision.pk, carried_out_on=today)
    services.communicate_decisions(actor=registrar, session_id=session.pk, communicated_on=held_on + timedelta(days=10))
    due = {d.key: d for d in open_duties(user=registrar, today=today)}
    assert f"session:{session.pk}" not in due
    # Annex II Art. 12: carried out within three months of the communication.
    assert due[f"decision:{decision.pk}"].due == held_on + timedelta(days=100)
    with pytest.raises(ValidationFailed):  # the session's decisions are closed
        services.record_decision(actor=registrar, session_id=session.pk, person_id=wounded["dual"].pk,
                                 proposed_by="himself", diagnosis="—", decision="NC")

    # The repatriation certificate (Annex IV E).
    content = services.print_certificate(actor=registrar, decision_id=decision.pk, channel="web", language="en")
    text = pdf_text(content)
    for expected in ("REPATRIATION CERTIFICATE", "Annex IV E", "Date", held_on.isoformat(), "Camp", "Hospital",
                     "Шпиталь № 2", "Surname", "Катыренов", "First names", "Ермек Болатович", "Date of birth",
                     "1991-03", "Rank", "Army, regimental, personal or serial number", "T-100001", "P.W. number",
                     "Injury–Disease", "Ампутація правої кисті", "Decision of the Commission",
                     "A — direct repatriation", "Chairman of the Mixed Medical Commission", "Dr. Anna Demo-Neutral",
                     "A = direct repatriation", "B = accommodation in a neutral country",
                     "NC = re-examination by next Commission"):
        assert expected in text, expected
    uk = pdf_text(services.print_certificate(actor=registrar, decision_id=decision.pk, channel="web", language="uk"))
    assert "РЕПАТРІАЦІЙНЕ СВІДОЦТВО" in uk and "Катыренов" in uk
    assert "medical.certificate.print" in actions()

    # Art. 109 para 3: he refuses — not repatriated against his will during hostilities.
    with pytest.raises(ValidationFailed) as how:
        services.record_consent(actor=registrar, person_id=kazakh.pk, consent="refuses")
    assert "note" in how.value.errors
    services.record_consent(actor=registrar, person_id=kazakh.pk, consent="refuses",
                            note="Заявив письмово в присутності делегата МКЧХ")
    with pytest.raises(ValidationFailed) as refused:
        services.carry_out_decision(actor=registrar, decision_id=decision.pk, carried_out_on=today)
    assert "Art. 109 para 3" in str(refused.value.errors["decision"])
    with pytest.raises(ValidationFailed):  # nor by the timeline directly
        add_event(actor=registrar, person_id=kazakh.pk, type="exchanged", date=today.isoformat())
    assert selectors.flag_for(registrar, kazakh.pk).refuses
    # He changes his mind: repatriated (released, then repatriated on his timeline).
    services.record_consent(actor=registrar, person_id=kazakh.pk, consent="consents", note="Письмова заява")
    done = services.carry_out_decision(actor=registrar, decision_id=decision.pk, carried_out_on=today,
                                       place="КПП «Демо-Південний»")
    kazakh.refresh_from_db()
    assert kazakh.status == "repatriated" and done.carried_out_on == today
    assert list(StatusEvent.objects.filter(person=kazakh).order_by("id").values_list("type", flat=True))[-2:] == [
        "released", "repatriated"]
    # B: accommodated in a neutral country (discharged from hospital, transferred).
    services.carry_out_decision(actor=registrar, decision_id=neutral.pk, carried_out_on=today)
    assert StatusEvent.objects.filter(person=uzbek).order_by("-id").first().type == "transferred"
    due = {d.key for d in open_duties(user=registrar, today=today)}
    assert f"decision:{decision.pk}" not in due and f"decision:{neutral.pk}" not in due
    for action in ("medical.session.create", "medical.decision.record", "repatriation.flag.set",
                   "medical.session.communicate", "repatriation.consent", "medical.decision.carry_out"):
        assert action in actions(), action

    # Scope: a liaison for Uzbekistan sees the session through her citizen only, not the Kazakh's decision.
    liaison = users["liaison_uz"]
    assert selectors.get_session(liaison, session.pk).decision_count == 1
    with pytest.raises(NotFound):
        selectors.get_decision(liaison, decision.pk)


def test_hostilities_ended_lifts_the_refusal(wounded, users):
    registrar, kazakh = users["registrar"], wounded["kazakh"]
    services.set_flag(actor=registrar, person_id=kazakh.pk, must_repatriate=True,
                      basis="Угода сторін про тяжкопоранених")
    services.record_consent(actor=registrar, person_id=kazakh.pk, consent="refuses", note="Усна заява лікарю")
    with pytest.raises(ValidationFailed) as refused:
        add_event(actor=registrar, person_id=kazakh.pk, type="exchanged", date="2025-01-10")
    assert "Art. 109 para 3" in str(refused.value.errors["type"])
    # After active hostilities ceased (Art. 118 governs), the refusal no longer applies.
    with override_settings(POLON_HOSTILITIES_ENDED="2025-01-01"):
        add_event(actor=registrar, person_id=kazakh.pk, type="exchanged", date="2025-01-10")
    kazakh.refresh_from_db()
    assert kazakh.status == "exchanged"


def test_a_flagged_person_on_a_one_for_one_list_warns(wounded, users):
    registrar, kazakh = users["registrar"], wounded["kazakh"]
    services.set_flag(actor=registrar, person_id=kazakh.pk, must_repatriate=True,
                      basis="Рішення Змішаної медичної комісії")
    r = exchanges.create_round(actor=registrar, number=77, formula="n_for_n", formula_n=1)
    with pytest.raises(ValidationFailed) as warned:
        exchanges.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=kazakh.pk)
    assert "Art. 109 para 1" in " ".join(warned.value.errors["confirm"])
    entry = exchanges.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=kazakh.pk,
                                confirm_warnings=True)
    assert entry.pk
    # Not on an all-for-all list, and not for an unflagged person.
    other = exchanges.create_round(actor=registrar, number=78, formula="all_for_all",
                                   formula_category="тяжкопоранені")
    exchanges.add_entry(actor=registrar, round_id=other.pk, side="hand_over", person_id=kazakh.pk)
    exchanges.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=wounded["uzbek"].pk)
