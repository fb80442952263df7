"""Finding the record of a person among many, whatever script or spelling the name is in.

Public, stable API (see README.md in this directory):

* :class:`NameIndex`, :class:`Match`, :class:`Within` -- an in-memory index, searched within a subset;
* :func:`score_candidate`, :class:`Scored` -- the scoring NameIndex's results are defined by;
* :class:`Judgements`, :func:`name_id`, :func:`key_id` -- registrar verdicts that beat scores;
* :class:`QueryError` -- a ``ValueError`` for unusable input.
"""

from polon._native import search_path

__path__[:0] = search_path(__name__)  # compiled modules first, if built from these sources

from polon.matching.errors import QueryError
from polon.matching.index import Match, NameIndex, Within
from polon.matching.judgements import Judgements, key_id, name_id
from polon.matching.scoring import LIKELY, POSSIBLE, Scored, score_candidate

__all__ = [
    "LIKELY",
    "POSSIBLE",
    "Judgements",
    "Match",
    "NameIndex",
    "QueryError",
    "Within",
    "Scored",
    "key_id",
    "name_id",
    "score_candidate",
]
