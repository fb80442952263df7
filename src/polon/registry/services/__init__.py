"""Every write on the registry. Each function takes keyword-only arguments and the acting user, runs in one
transaction and appends its audit event in that same transaction."""

from polon.registry.services.events import add_event
from polon.registry.services.names import add_name, set_primary_name
from polon.registry.services.persons import add_citizenship, create_person, judge_match, update_person

__all__ = [
    "add_citizenship", "add_event", "add_name", "create_person", "judge_match", "set_primary_name",
    "update_person",
]
