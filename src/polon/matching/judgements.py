"""Registrars' judgements on pairs ("same person" / "not the same"), which beat any score."""

from __future__ import annotations

from collections.abc import Iterable

from polon.names import normalise


def name_id(name: str) -> str:
    """Identifier of a query *name* in a judgement (its normalised form)."""
    return "name:" + normalise(name)


def key_id(key: str) -> str:
    """Identifier of a *record key* in a judgement."""
    return "key:" + key


class Judgements:
    """Symmetric store of pair verdicts.  Sides are identifiers from :func:`name_id` or
    :func:`key_id`.  The Django app fills one from its table for each request; NameIndex keeps
    one for its lifetime.  A later verdict on the same pair replaces the earlier one."""

    def __init__(self, verdicts: Iterable[tuple[str, str, bool]] = ()) -> None:
        self._v: dict[tuple[str, str], bool] = {}
        self._confirmed: dict[str, set[str]] = {}
        for a, b, same in verdicts:
            self.record(a, b, same)

    @staticmethod
    def _pair(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a <= b else (b, a)

    def record(self, a: str, b: str, same: bool) -> None:
        self._v[self._pair(a, b)] = bool(same)
        for x, y in ((a, b), (b, a)):
            if same:
                self._confirmed.setdefault(x, set()).add(y)
            else:
                self._confirmed.get(x, set()).discard(y)

    def confirmed_keys(self, query_ids: Iterable[str]) -> set[str]:
        """Record keys confirmed as the same person as any of ``query_ids``."""
        out: set[str] = set()
        for q in query_ids:
            out.update(k[4:] for k in self._confirmed.get(q, ()) if k.startswith("key:"))
        return out

    def get(self, a: str, b: str) -> bool | None:
        return self._v.get(self._pair(a, b))

    def verdict(self, query_ids: Iterable[str], key: str) -> bool | None:
        """The verdict between any of ``query_ids`` and record ``key``; "not the same" wins if
        the identifiers disagree, since suggesting a rejected pair again is the worse error."""
        if not self._v:  # asked for every person a search scores; most stores are empty
            return None
        found = [v for q in query_ids if (v := self.get(q, key_id(key))) is not None]
        if not found:
            return None
        return all(found)

    def __len__(self) -> int:
        return len(self._v)
