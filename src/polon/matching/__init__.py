"""Finding the record of a person among many, whatever script or spelling the name is in.

Public, stable API (see README.md in this directory):

* :class:`NameIndex`, :class:`Match` -- an in-memory index;
* :func:`index_keys`, :func:`query_keys`, :func:`score_candidate`, :class:`Scored` -- the
  pieces NameIndex is built from, for a database-backed search;
* :class:`Judgements`, :func:`name_id`, :func:`key_id` -- registrar verdicts that beat scores;
* :class:`QueryError` -- a ``ValueError`` for unusable input.
"""

from polon._native import search_path

__path__[:0] = search_path(__name__)  # compiled modules first, if built from these sources

from polon.matching.errors import QueryError
from polon.matching.index import Match, NameIndex
from polon.matching.judgements import Judgements, key_id, name_id
from polon.matching.keys import index_keys, query_keys
from polon.matching.scoring import LIKELY, POSSIBLE, Scored, score_candidate

__all__ = [
    "LIKELY",
    "POSSIBLE",
    "Judgements",
    "Match",
    "NameIndex",
    "QueryError",
    "Scored",
    "index_keys",
    "key_id",
    "name_id",
    "query_keys",
    "score_candidate",
]
