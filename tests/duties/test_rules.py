"""The due-date rules as data (polon.core.duties.RULES): days from the anchor with the article cited, changed by
the setting or environment variable each names; a duty's state on a frozen day."""

from __future__ import annotations

from datetime import date

import pytest

from polon.core.duties import RULES, Duty, rule

CAPTURE = date(2026, 11, 2)


def test_every_rule_cites_gc_iii_and_names_its_setting():
    for kind, item in RULES.items():
        assert item.kind == kind and kind.count(".") == 1
        assert item.article.startswith("GC III ")
        assert item.setting.startswith("POLON_") and item.setting.endswith("_DAYS")
        assert str(item.title) and str(item.anchor) and str(item.text)
    expected = {"exports.capture_card": "GC III Art. 70", "proceedings.trial_notice": "GC III Art. 104",
                "proceedings.judgment_notice": "GC III Art. 107", "enquiries.reply": "GC III Art. 122",
                "medical.weekly_report": "GC III Art. 122", "medical.commission_decision_notice":
                "GC III Annex II Art. 11", "deaths.enquiry_notice": "GC III Art. 121"}
    assert {k: RULES[k].article for k in expected} == expected


def test_due_dates_count_from_the_anchor_and_before_it_for_a_trial():
    assert rule("exports.capture_card").due_from(CAPTURE) == date(2026, 11, 9)  # within a week of capture
    assert rule("cta.information").due_from(CAPTURE) == date(2026, 11, 9)
    # Art. 104: the Protecting Power is notified at least three weeks before the trial opens.
    assert rule("proceedings.trial_notice").due_from(date(2026, 12, 21)) == date(2026, 11, 30)
    assert rule("medical.weekly_report").due_from(date(2026, 12, 1)) == date(2026, 12, 8)


def test_days_are_changed_by_the_setting_or_the_environment(settings, monkeypatch):
    settings.POLON_CTA_DAYS = 3
    assert rule("cta.information").due_from(CAPTURE) == date(2026, 11, 5)
    monkeypatch.setenv("POLON_ENQUIRY_REPLY_DAYS", "30")
    assert rule("enquiries.reply").effective_days() == 30
    monkeypatch.setenv("POLON_ENQUIRY_REPLY_DAYS", "a month")  # not a number: the default stands
    assert rule("enquiries.reply").effective_days() == 14


@pytest.mark.parametrize(("today", "status", "left"), [
    (date(2026, 11, 5), "open", 4),
    (date(2026, 11, 6), "due_soon", 3),
    (date(2026, 11, 9), "due_soon", 0),  # due today: not yet overdue
    (date(2026, 11, 10), "overdue", -1),
    (date(2027, 1, 1), "overdue", -53),
])
def test_a_duty_is_due_soon_within_three_days_and_overdue_the_day_after_its_due_date(today, status, left):
    card = Duty(kind="exports.capture_card", article="GC III Art. 70", title="Capture card", due=date(2026, 11, 9),
                subject="Ермек Болатович Катыренов", person_id=1)
    assert card.status(today) == status and card.days_left(today) == left
    assert card.is_overdue(today) == (status == "overdue")


def test_a_done_duty_is_never_overdue_and_soon_is_configurable(settings):
    done = Duty(kind="enquiries.reply", article="GC III Art. 122", title="Reply", due=date(2026, 11, 9),
                done=date(2026, 11, 20))
    assert done.status(date(2026, 12, 1)) == "done" and not done.is_overdue(date(2026, 12, 1))
    settings.POLON_DUTIES_SOON_DAYS = 7
    late = Duty(kind="enquiries.reply", article="GC III Art. 122", title="Reply", due=date(2026, 11, 9))
    assert late.status(date(2026, 11, 2)) == "due_soon"
