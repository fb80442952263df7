"""The obligation clock's duties of proceedings against prisoners of war:

- ``proceedings.trial_notice`` (Art. 104): the Protecting Power is notified at least three weeks before the
  opening of the trial — due ``rule(...).days`` (−21) from the trial date of every open case with a trial date
  and no notice sent; done when the notice is sent.
- ``proceedings.judgment_notice`` (Art. 107): a judgment is reported immediately — due a day after the judgment;
  done when the notice of judgment is sent.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.core.duties import Duty, rule
from polon.proceedings.models import Stage
from polon.proceedings.selectors import cases

if TYPE_CHECKING:
    from polon.accounts.models import User


def open_duties(*, user: User, today: date) -> list[Duty]:
    """The notices of trials and of judgments not yet sent, in ``user``'s scope."""
    del today  # every open notice is listed; the clock computes overdue and due soon from the due date
    notice, judgment = rule("proceedings.trial_notice"), rule("proceedings.judgment_notice")
    duties = []
    waiting = cases(user).exclude(stage=Stage.CLOSED).filter(
        trial_on__isnull=False, notice_sent_on__isnull=True, judged_on__isnull=True)
    for case in waiting:
        assert case.trial_on is not None
        duties.append(Duty(
            kind=notice.kind, article=notice.article, title=notice.title, due=notice.due_from(case.trial_on),
            subject=str(case.person), person_id=case.person_id, url_name="proceedings:case", url_args=(case.pk,),
            key=f"case:{case.pk}", detail=case.case_number, anchor=case.trial_on))
    for case in cases(user).filter(judged_on__isnull=False, judgment_notice_sent_on__isnull=True):
        assert case.judged_on is not None
        duties.append(Duty(
            kind=judgment.kind, article=judgment.article, title=judgment.title, due=judgment.due_from(case.judged_on),
            subject=str(case.person), person_id=case.person_id, url_name="proceedings:case", url_args=(case.pk,),
            key=f"case:{case.pk}", detail=case.case_number, anchor=case.judged_on))
    return duties
