from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polon.access.policies import Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ANALYST)
    # ISO 3166-1 alpha-2 codes; only meaningful for consular liaison officers, whose scope they are.
    countries = models.JSONField(_("countries"), default=list, blank=True)
    # Set when an administrator gives the user a temporary password: the next login asks for a new one
    # before anything else (polon.web.views.auth).
    must_change_password = models.BooleanField(_("must change password"), default=False)

    def __str__(self) -> str:
        return self.username


def default_expiry() -> datetime:
    """When a token made now expires by default: in settings.POLON_TOKEN_DAYS days."""
    return timezone.now() + timedelta(days=settings.POLON_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Chosen when the token is made (settings.POLON_TOKEN_DAYS by default); an expired token is refused.
    expires_at = models.DateTimeField(default=default_expiry)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def state(self) -> str:
        """"revoked", "expired" or "valid" (in that order: a revoked token stays revoked after its expiry)."""
        return "revoked" if self.revoked else "expired" if self.is_expired() else "valid"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_secret() -> str:
        return "polon_" + secrets.token_urlsafe(32)
