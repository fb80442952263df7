"""API tokens expire: ``expires_at``. Tokens made before have no lifetime of their own; they are given the default
one (POLON_TOKEN_DAYS) from the day of this migration, so none stops working at once nor lives for ever."""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import polon.accounts.models


def give_lifetime(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + datetime.timedelta(days=settings.POLON_TOKEN_DAYS))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_password_change_and_token_revocation"),
    ]

    operations = [
        migrations.AddField(model_name="apitoken", name="expires_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(give_lifetime, migrations.RunPython.noop),
        migrations.AlterField(model_name="apitoken", name="expires_at",
                              field=models.DateTimeField(default=polon.accounts.models.default_expiry)),
    ]
