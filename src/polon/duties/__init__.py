"""The GC III obligation clock: every duty with a time limit, collected from the apps that own them.

Each app owning a time-limited duty provides ``<app>/duties.py`` with ``open_duties(*, user, today)`` (the
contract is in :mod:`polon.core.duties`); :mod:`polon.duties.providers` lists them, :mod:`polon.duties.selectors`
collects them for a user (scoped), and the channels show them: the registrar's landing page (web
``duties:list``), ``GET /api/duties`` and ``polon duties [--overdue]``. The due-date rules, with the article
each rests on, are data (:data:`polon.core.duties.RULES`). This app owns two providers of its own: the capture
card (GC III Art. 70, :mod:`polon.duties.capture_card`) and replies to enquiries (Art. 122,
:mod:`polon.duties.enquiry_replies`).
"""
