"""Pagination helpers for long lists: a paginator told its count, and keyset pages for append-only logs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet


class ListPaginator(Paginator):
    """A Paginator for long querysets. A page's ids are read first (from an index), then only those rows: a deep
    page skips index entries, not whole rows. A count already known (from a GROUP BY the page shows anyway)
    can be given, so that no COUNT runs."""

    def __init__(self, object_list, per_page: int, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return super().count if self._known_count is None else self._known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self._rows(ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _rows(self, ids: list) -> QuerySet:
        """The page's rows by primary key, with the list's select_related and prefetch_related. The ids come
        from the list (its scope and filters applied), so its conditions are not evaluated a second time."""
        listed = cast("QuerySet[Any]", self.object_list)
        if listed.query.annotations or listed.query.extra:
            return listed.filter(pk__in=ids)
        rows = listed.model._default_manager.filter(pk__in=ids)
        if listed.query.select_related is True:
            rows = rows.select_related()
        elif listed.query.select_related:
            rows = rows.select_related(*_paths(listed.query.select_related))
        return rows.prefetch_related(*listed._prefetch_related_lookups)  # type: ignore[attr-defined]


def _paths(tree: dict, prefix: str = "") -> list[str]:
    """select_related's nested dict as lookups: {"person": {"round": {}}} -> ["person__round"]."""
    paths = []
    for name, below in tree.items():
        path = prefix + name
        paths += _paths(below, path + "__") if below else [path]
    return paths


@dataclass
class KeysetPage:
    """Rows of one page, newest first, and the keys of the pages beside it (None at either end)."""

    rows: list
    older: int | None  # ?before= of the next, older page
    newer: int | None  # ?after= of the previous, newer page


def keyset_page(rows: QuerySet, key: str, *, before: int | None = None, after: int | None = None,
                size: int = 100) -> KeysetPage:
    """One page of `rows` in descending `key` order (a unique, indexed integer column): the `size` rows below
    `before`, or those just above `after`, or the newest. Costs one indexed range scan, whatever the page: no
    COUNT and no OFFSET."""
    if after is not None:
        found = list(rows.filter(**{f"{key}__gt": after}).order_by(key)[:size + 1])
        page = found[:size][::-1]
        # The rows from `after` down are older than this page.
        return KeysetPage(rows=page, older=getattr(page[-1], key) if page else None,
                          newer=getattr(page[0], key) if len(found) > size else None)
    if before is not None:
        rows = rows.filter(**{f"{key}__lt": before})
    found = list(rows.order_by(f"-{key}")[:size + 1])
    page = found[:size]
    return KeysetPage(rows=page, older=getattr(page[-1], key) if len(found) > size else None,
                      newer=getattr(page[0], key) if page and before is not None else None)
