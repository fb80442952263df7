"""{% second_factor_of user as state %}: whether a user set up his second factor and how many recovery codes he has
left (a user's page under Users)."""

from __future__ import annotations

from django import template

from polon.accounts import second_factor

register = template.Library()


@register.simple_tag
def second_factor_of(user) -> dict:
    return {"enrolled": second_factor.is_enrolled(user), "left": second_factor.recovery_codes_left(user)}
