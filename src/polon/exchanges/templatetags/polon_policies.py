from __future__ import annotations

from django import template

from polon.accounts.roles import POLICIES, role_allows

register = template.Library()


@register.filter
def allowed(user, policy: str) -> bool:
    """`{% if user|allowed:"exchanges.write" %}`: show an action only to the roles its policy names."""
    if policy not in POLICIES:
        raise template.TemplateSyntaxError(f"unknown policy {policy!r}")
    return bool(user is not None and user.is_authenticated and role_allows(user.role, policy))
