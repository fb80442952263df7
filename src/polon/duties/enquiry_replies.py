"""Replies to enquiries (GC III Art. 122: the bureau "shall be responsible for replying to all enquiries sent to
it concerning prisoners of war"). GC III sets no number of days; the bureau's own target is
``rule("enquiries.reply")`` (POLON_ENQUIRY_REPLY_DAYS, default 14) from the day the enquiry was received.

Open: an enquiry still open (no reply recorded and not closed), in ``user``'s scope (enquiries.selectors).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.core.duties import Duty, rule
from polon.enquiries.models import EnquiryStatus
from polon.enquiries.selectors import enquiries

if TYPE_CHECKING:
    from polon.accounts.models import User

KIND = "enquiries.reply"


def open_duties(*, user: User, today: date) -> list[Duty]:
    """The enquiries in ``user``'s scope still waiting for a reply."""
    the_rule = rule(KIND)
    rows = enquiries(user).filter(status=EnquiryStatus.OPEN).values_list("pk", "received_on", "sought_name",
                                                                          "requester_name")
    return [Duty(kind=KIND, article=the_rule.article, title=the_rule.title, due=the_rule.due_from(received),
                 subject=sought, url_name="enquiries:detail", url_args=(pk,), key=f"enquiry:{pk}",
                 detail=f"E-{pk} · {requester}", anchor=received)
            for pk, received, sought, requester in rows]
