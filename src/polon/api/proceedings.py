"""Proceedings against prisoners of war by the Detaining Power (GC III Arts. 5, 99-108, 119): Art. 5 status
determinations; cases (charges, the Art. 104 notice of trial to the Protecting Power at least three weeks before
the trial, its receipt, the judgment, the Art. 107 notice, the Art. 101 six-month stay on a death sentence);
lists of the prisoners held back for proceedings or sentences (Art. 119), communicated and acknowledged. Every
record is scoped like every read of persons."""

from ninja import Query, Router, Status

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_ID, RecordId
from polon.api.schemas.proceedings import (
    CaseIn,
    CaseOut,
    CloseIn,
    DeterminationIn,
    DeterminationOut,
    ExecutionIn,
    HeldBackAcknowledgeIn,
    HeldBackListOut,
    HeldBackSendIn,
    JudgmentIn,
    ListIn,
    NoticeIn,
    NoticeReceiptIn,
    TrialIn,
)
from polon.audit import reads
from polon.proceedings import selectors, services

router = Router(tags=["proceedings"])


def determination_out(d) -> dict:
    return {"id": d.pk, "person_id": d.person_id, "name": str(d.person), "tribunal": d.tribunal,
            "decided_on": d.decided_on, "outcome": d.outcome, "doubt": d.doubt, "reasons": d.reasons}


def case_out(c) -> dict:
    fields = ("case_number", "country", "stage", "charged_on", "charges", "legal_provisions", "court", "trial_on",
              "trial_place", "notice_sent_on", "notice_received_on", "notice_transmission_id", "judged_on",
              "verdict", "sentence", "death_sentence", "final", "judgment_notice_sent_on",
              "judgment_notice_received_on", "judgment_transmission_id", "execution_not_before", "execution_on",
              "closed_on", "close_reason")
    return {"id": c.pk, "person_id": c.person_id, "name": str(c.person), "place": c.place_text,
            "earliest_trial": services.earliest_trial(c), "trial_too_soon": services.trial_too_soon(c),
            **{name: getattr(c, name) for name in fields}}


def list_out(user, h) -> dict:
    return {"id": h.pk, "country": h.country, "recipient": h.recipient, "as_of": h.as_of, "status": h.status,
            "sent_on": h.sent_on, "acknowledged_on": h.acknowledged_on, "reference": h.reference,
            "entries": [{"person_id": e.person_id, "name": str(e.person), "case_id": e.prosecution_id,
                         "case_number": e.prosecution.case_number, "reason": e.reason, "until": e.until,
                         "transmission_id": e.transmission_id} for e in selectors.entries(user, h)]}


@router.get("/proceedings/determinations", response={200: list[DeterminationOut], **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.read")
def list_determinations(request, person_id: int | None = Query(None, ge=1, le=MAX_ID)):
    """Status determinations by a competent tribunal (GC III Art. 5), newest first."""
    rows = list(selectors.determinations(request.auth, person_id=person_id)[:500])
    reads.persons_read(request.auth, view="proceedings.determinations", channel="api",
                       person_ids=[d.person_id for d in rows], query={"person_id": person_id})
    return [determination_out(d) for d in rows]


@router.post("/proceedings/determinations", response={201: DeterminationOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def record_determination(request, payload: DeterminationIn):
    """Record a competent tribunal's decision (`outcome` pow or not_pow) on a person whose status was in doubt."""
    data = payload.dict()
    item = services.record_determination(actor=request.auth, **data)
    return Status(201, determination_out(item))


@router.get("/proceedings/cases", response={200: list[CaseOut], **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.read")
def list_cases(request, stage: str = "", person_id: int | None = Query(None, ge=1, le=MAX_ID)):
    """Proceedings against prisoners of war (stage charged, notified, judged, closed), newest first."""
    rows = list(selectors.cases(request.auth, selectors.CaseFilters(stage=stage, person_id=person_id))[:500])
    reads.persons_read(request.auth, view="proceedings.cases", channel="api", person_ids=[c.person_id for c in rows],
                       query={"stage": stage, "person_id": person_id})
    return [case_out(c) for c in rows]


@router.post("/proceedings/cases", response={201: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def charge(request, payload: CaseIn):
    """Record proceedings: charges, legal provisions applicable, court, place of internment or confinement
    (`place_id` or `confinement`), and the date and place of the opening of the trial if fixed."""
    case = services.charge(actor=request.auth, **payload.dict())
    return Status(201, case_out(selectors.get_case(request.auth, case.pk)))


@router.get("/proceedings/cases/{case_id}", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.read")
def get_case(request, case_id: RecordId):
    case = selectors.get_case(request.auth, case_id)
    reads.persons_read(request.auth, view="proceedings.case", channel="api", person_ids=[case.person_id])
    return case_out(case)


def _then(request, case_id: int) -> dict:
    return case_out(selectors.get_case(request.auth, case_id))


@router.post("/proceedings/cases/{case_id}/trial", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def fix_trial(request, case_id: RecordId, payload: TrialIn):
    """Fix or postpone the opening of the trial (refused less than three weeks after the notice, Art. 104)."""
    services.fix_trial(actor=request.auth, case_id=case_id, **payload.dict())
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/notice", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def send_trial_notice(request, case_id: RecordId, payload: NoticeIn):
    """Record the Art. 104 notice sent to the Protecting Power (a consular transmission); a trial less than three
    weeks after `sent_on` is refused — give a later `trial_on`."""
    services.send_trial_notice(actor=request.auth, case_id=case_id, **payload.dict())
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/notice/receipt", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def record_notice_receipt(request, case_id: RecordId, payload: NoticeReceiptIn):
    services.record_notice_receipt(actor=request.auth, case_id=case_id, received_on=payload.received_on)
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/judgment", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def record_judgment(request, case_id: RecordId, payload: JudgmentIn):
    """Record the judgment (refused without evidence the Protecting Power received the notice three weeks before
    the trial, Art. 104)."""
    services.record_judgment(actor=request.auth, case_id=case_id, **payload.dict())
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/judgment/notice", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def send_judgment_notice(request, case_id: RecordId, payload: HeldBackSendIn):
    """Record the Art. 107 notice of the judgment sent to the Protecting Power (a consular transmission)."""
    services.send_judgment_notice(actor=request.auth, case_id=case_id, **payload.dict())
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/judgment/receipt", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def record_judgment_receipt(request, case_id: RecordId, payload: NoticeReceiptIn):
    """Record its receipt; a death sentence is not executed within six months of it (Art. 101)."""
    services.record_judgment_receipt(actor=request.auth, case_id=case_id, received_on=payload.received_on)
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/execution", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def fix_execution_date(request, case_id: RecordId, payload: ExecutionIn):
    services.fix_execution_date(actor=request.auth, case_id=case_id, execution_on=payload.execution_on)
    return _then(request, case_id)


@router.post("/proceedings/cases/{case_id}/close", response={200: CaseOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def close_case(request, case_id: RecordId, payload: CloseIn):
    services.close_case(actor=request.auth, case_id=case_id, **payload.dict())
    return _then(request, case_id)


@router.get("/proceedings/held-back", response={200: list[HeldBackListOut], **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.read")
def list_lists(request):
    """Lists of prisoners held back for proceedings or sentences (Art. 119), newest first."""
    rows = [list_out(request.auth, h) for h in selectors.lists(request.auth)[:200]]
    reads.persons_read(request.auth, view="proceedings.held_back", channel="api",
                       person_ids=[e["person_id"] for h in rows for e in h["entries"]])
    return rows


@router.post("/proceedings/held-back", response={201: HeldBackListOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def draw_up_list(request, payload: ListIn):
    """Draw up the list of the prisoners of `country` held back (recipient protecting_power or state)."""
    held = services.draw_up_list(actor=request.auth, **payload.dict())
    return Status(201, list_out(request.auth, held))


@router.get("/proceedings/held-back/{list_id}", response={200: HeldBackListOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.read")
def get_list(request, list_id: RecordId):
    data = list_out(request.auth, selectors.get_list(request.auth, list_id))
    reads.persons_read(request.auth, view="proceedings.held_back", channel="api",
                       person_ids=[e["person_id"] for e in data["entries"]])
    return data


@router.post("/proceedings/held-back/{list_id}/send", response={200: HeldBackListOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def send_list(request, list_id: RecordId, payload: HeldBackSendIn):
    """Record the list communicated: a consular transmission per person (the detriment rule applied)."""
    services.send_list(actor=request.auth, list_id=list_id, **payload.dict())
    return list_out(request.auth, selectors.get_list(request.auth, list_id))


@router.post("/proceedings/held-back/{list_id}/acknowledge", response={200: HeldBackListOut, **ERRORS_NO_CONFLICT})
@operation_policy("proceedings.write")
def acknowledge_list(request, list_id: RecordId, payload: HeldBackAcknowledgeIn):
    services.acknowledge_list(actor=request.auth, list_id=list_id, **payload.dict())
    return list_out(request.auth, selectors.get_list(request.auth, list_id))
