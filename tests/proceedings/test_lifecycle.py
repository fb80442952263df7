"""Proceedings against prisoners of war by the Detaining Power (GC III Arts. 5, 99-108, 119): an Art. 5
determination; a case walked from charge to the Art. 104 notice (a trial less than three weeks after it
refused), its receipt, the judgment (refused on a trial opened too soon), the Art. 107 notice, the Art. 101
six-month stay on a death sentence; the Art. 119 list of those held back, communicated as transmissions with
the detriment rule, acknowledged and tracked; scope, audit and the clock's duties with a frozen day."""

from __future__ import annotations

from datetime import date

import pytest

from polon.audit.models import AuditEvent
from polon.consular.models import Transmission
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.proceedings import selectors, services
from polon.proceedings.duties import open_duties
from polon.proceedings.models import HeldReason, ListStatus, Stage

pytestmark = pytest.mark.django_db


def charge(actor, person, number="ВП-2024/017", **overrides):
    values = {"case_number": number, "charged_on": "2024-11-10",
              "charges": "Напад на вартового табору «Демо-Польовий» 2024-11-08",
              "legal_provisions": "ст. 000 Кримінального кодексу (демо); ЖК III ст. 82",
              "court": "Військовий суд гарнізону «Демо» (демо)", "confinement": "Табір № 3 «Демо-Польовий»",
              "trial_on": "2024-12-20", "trial_place": "м. Демо-Місто, вул. Вигадана, 5"}
    values.update(overrides)
    return services.charge(actor=actor, person_id=person.pk, **values)


def test_article_5_determination(registry, users):
    d = services.record_determination(actor=users["registrar"], person_id=registry["uzbek"].pk,
                                      tribunal="Компетентний трибунал (демо) № 2", decided_on="2024-11-20",
                                      outcome="pow", doubt="Без форми, документів не мав")
    assert d.get_outcome_display().startswith("Prisoner of war")
    assert AuditEvent.objects.filter(action="proceedings.determination.record").count() == 1
    with pytest.raises(ValidationFailed) as bad:
        services.record_determination(actor=users["registrar"], person_id=registry["uzbek"].pk, tribunal="",
                                      decided_on="2999-01-01", outcome="maybe")
    assert {"tribunal", "decided_on", "outcome"} <= set(bad.value.errors)
    assert list(selectors.determinations(users["liaison_uz"])) == [d]
    assert list(selectors.determinations(users["liaison_kz"])) == []


def test_a_death_sentence_case_from_charge_to_the_six_month_stay(registry, users):
    registrar, kazakh = users["registrar"], registry["kazakh"]
    case = charge(registrar, kazakh)
    assert case.country == "RU" and case.stage == Stage.CHARGED  # the Power on which he depends

    # Art. 104: the notice of a trial opening 2024-12-20 is due 2024-11-29; on 2024-12-02 it is overdue.
    [duty] = open_duties(user=registrar, today=date(2024, 12, 2))
    assert duty.kind == "proceedings.trial_notice" and duty.due == date(2024, 11, 29)
    assert duty.is_overdue(date(2024, 12, 2)) and duty.url_args == (case.pk,)

    # Sent on 2024-12-02, a trial on 2024-12-20 is less than three weeks after it: refused, postpone it.
    with pytest.raises(ValidationFailed) as soon:
        services.send_trial_notice(actor=registrar, case_id=case.pk, sent_on="2024-12-02")
    assert "2024-12-23" in soon.value.errors["trial_on"][0] and "Art. 104" in soon.value.errors["trial_on"][0]
    assert not Transmission.objects.filter(person=kazakh).exists()
    case = services.send_trial_notice(actor=registrar, case_id=case.pk, sent_on="2024-12-02",
                                      trial_on="2025-01-10", channel="нота через Державу-покровительку")
    assert case.stage == Stage.NOTIFIED and case.trial_on == date(2025, 1, 10)
    sent = case.notice_transmission
    assert sent.recipient == "protecting_power" and sent.country == "RU" and sent.legal_basis == "GC III Art. 104"
    for particular in ("Катыренов, Ермек", "T-100001", "1991-03", "Табір № 3", "Напад на вартового",
                       "Кримінального кодексу", "Військовий суд гарнізону", "2025-01-10", "вул. Вигадана, 5"):
        assert particular in sent.content, particular
    assert open_duties(user=registrar, today=date(2024, 12, 2)) == []

    # Received late (2024-12-28): the trial on 2025-01-10 must be adjourned; judgment refused, the date refused.
    case = services.record_notice_receipt(actor=registrar, case_id=case.pk, received_on="2024-12-28")
    assert services.trial_too_soon(case) and services.earliest_trial(case) == date(2025, 1, 18)
    with pytest.raises(ValidationFailed) as adjourned:
        services.record_judgment(actor=registrar, case_id=case.pk, judged_on="2025-01-10", verdict="convicted",
                                 sentence="Смертна кара")
    assert "2025-01-18" in adjourned.value.errors["judged_on"][0]
    with pytest.raises(ValidationFailed):
        services.fix_trial(actor=registrar, case_id=case.pk, trial_on="2025-01-15")
    case = services.fix_trial(actor=registrar, case_id=case.pk, trial_on="2025-01-20")
    assert not services.trial_too_soon(case)

    case = services.record_judgment(
        actor=registrar, case_id=case.pk, judged_on="2025-01-24", verdict="convicted", sentence="Смертна кара",
        death_sentence=True, appeal="Касаційна скарга протягом 15 днів",
        finding_wording="Визнати винним; призначити покарання — смертна кара (демо)",
        trial_summary="Обвинувачення: свідчення вартових; захист: самооборона (демо)")
    assert case.stage == Stage.JUDGED
    # Art. 107: the judgment is reported immediately — due the next day.
    [duty] = open_duties(user=registrar, today=date(2025, 1, 27))
    assert duty.kind == "proceedings.judgment_notice" and duty.due == date(2025, 1, 25)
    with pytest.raises(ValidationFailed):  # Art. 101: no receipt of the detailed communication yet
        services.fix_execution_date(actor=registrar, case_id=case.pk, execution_on="2025-12-01")
    case = services.send_judgment_notice(actor=registrar, case_id=case.pk, sent_on="2025-01-27")
    content = case.judgment_transmission.content
    assert "Смертна кара" in content and "Касаційна скарга" in content and "Art. 101" in content
    assert "Detailed communication" in content and case.judgment_transmission.legal_basis == "GC III Arts. 101, 107"
    assert open_duties(user=registrar, today=date(2025, 1, 27)) == []

    case = services.record_judgment_receipt(actor=registrar, case_id=case.pk, received_on="2025-01-31")
    assert case.execution_not_before == date(2025, 7, 31)
    with pytest.raises(ValidationFailed) as stay:
        services.fix_execution_date(actor=registrar, case_id=case.pk, execution_on="2025-07-30")
    assert "2025-07-31" in stay.value.errors["execution_on"][0]
    case = services.fix_execution_date(actor=registrar, case_id=case.pk, execution_on="2025-07-31")
    assert case.execution_on == date(2025, 7, 31)

    actions = list(AuditEvent.objects.filter(action__startswith="proceedings.").values_list("action", flat=True))
    for action in ("proceedings.charge", "proceedings.notice", "proceedings.notice.receipt", "proceedings.trial",
                   "proceedings.judgment", "proceedings.judgment.notice", "proceedings.judgment.receipt"):
        assert action in actions, action


def test_scope_and_roles(registry, users):
    case = charge(users["registrar"], registry["kazakh"])
    assert selectors.get_case(users["liaison_kz"], case.pk) == case
    with pytest.raises(NotFound):
        selectors.get_case(users["liaison_uz"], case.pk)
    with pytest.raises(PermissionDenied):
        charge(users["liaison_kz"], registry["kazakh"], number="ВП-2024/099")
    with pytest.raises(ValidationFailed) as far:  # the clock counts three weeks back from a trial date
        charge(users["registrar"], registry["kazakh"], number="ВП-2024/098", trial_on="0001-01-05")
    assert "1900" in far.value.errors["trial_on"][0]
    assert open_duties(user=users["liaison_uz"], today=date(2024, 12, 2)) == []
    assert len(open_duties(user=users["liaison_kz"], today=date(2024, 12, 2))) == 1


def test_held_back_list_communicated_acknowledged_and_tracked(registry, users):
    registrar = users["registrar"]
    pending = charge(registrar, registry["kazakh"], trial_on="")
    serving = charge(registrar, registry["uzbek"], number="ВП-2024/018", trial_on="2024-12-01")
    services.send_trial_notice(actor=registrar, case_id=serving.pk, sent_on="2024-11-10")
    services.record_notice_receipt(actor=registrar, case_id=serving.pk, received_on="2024-11-10")
    services.record_judgment(actor=registrar, case_id=serving.pk, judged_on="2024-12-05", verdict="convicted",
                             sentence="Позбавлення волі на 2 роки", final=True, sentence_ends="2026-12-05",
                             finding_wording="Визнати винним (демо)", trial_summary="Звіт (демо)",
                             establishment="Табір № 3 «Демо-Польовий»")
    services.send_judgment_notice(actor=registrar, case_id=serving.pk, sent_on="2024-12-06")

    held = services.draw_up_list(actor=registrar, country="RU", recipient="protecting_power", as_of="2025-02-01")
    entries = {e.prosecution_id: e for e in held.entries.all()}
    assert entries[pending.pk].reason == HeldReason.PENDING
    assert entries[serving.pk].reason == HeldReason.SERVING and entries[serving.pk].until == date(2026, 12, 5)
    assert [e.person_id for e in selectors.entries(users["liaison_uz"], held)] == [registry["uzbek"].pk]
    # Russia's list (the Power on which they depend) is seen by Uzbekistan's liaison officer for his entry only.
    assert list(selectors.lists(users["liaison_uz"])) == [held]
    assert list(selectors.lists(users["auditor"])) == []

    held = services.send_list(actor=registrar, list_id=held.pk, sent_on="2025-02-03")
    assert held.status == ListStatus.SENT
    sent = Transmission.objects.filter(legal_basis="GC III Art. 119")
    assert sent.count() == 2 and {t.country for t in sent} == {"RU"}
    assert "Serving a sentence" in sent.get(person=registry["uzbek"]).content
    held = services.acknowledge_list(actor=registrar, list_id=held.pk, acknowledged_on="2025-02-10",
                                     reference="ДП-2025/44")
    assert held.status == ListStatus.ACKNOWLEDGED

    # Tracked: once the Kazakh's charges are dropped, the list names a person no longer held back.
    services.close_case(actor=registrar, case_id=pending.pk, closed_on="2025-03-01", reason="dropped")
    changed = selectors.changes_since(registrar, held, date(2025, 3, 2))
    assert [c.pk for c in changed["ended"]] == [pending.pk] and changed["added"] == []
    with pytest.raises(ValidationFailed):
        services.draw_up_list(actor=registrar, country="UZ", recipient="state")


def test_the_detriment_rule_applies_to_a_list_sent_to_a_state(registry, users):
    from polon.consular.services import record_objection

    registrar = users["registrar"]
    charge(registrar, registry["kazakh"], trial_on="")
    record_objection(actor=registrar, person_id=registry["kazakh"].pk, scope="state",
                     statement="Не повідомляти державу")
    held = services.draw_up_list(actor=registrar, country="RU", recipient="state", as_of="2025-02-01")
    with pytest.raises(ValidationFailed) as warned:
        services.send_list(actor=registrar, list_id=held.pk, sent_on="2025-02-03")
    assert "override_reason" in warned.value.errors
    assert not Transmission.objects.exists()
    held = services.send_list(actor=registrar, list_id=held.pk, sent_on="2025-02-03",
                              override_reason="Держава-покровителька відсутня; список передається за ст. 119")
    assert Transmission.objects.get().override_reason.startswith("Держава-покровителька")
