"""The state of health in the capture card's own categories (GC III Annex IV B, item 11).

The former "wounded" becomes "slightly_wounded" (serious wounds had their own value, "seriously_wounded", which
stays); the former "seriously_ill" becomes "sick" (the Annex grades no illness). Going back maps them again.
"""

from django.db import migrations, models

FORWARD = {"wounded": "slightly_wounded", "seriously_ill": "sick"}
BACKWARD = {"slightly_wounded": "wounded", "not_wounded": "good", "recovered": "good", "convalescent": "sick"}


def _remap(mapping):
    def run(apps, schema_editor):
        events = apps.get_model("registry", "StatusEvent")
        for old, new in mapping.items():
            events.objects.filter(health=old).update(health=new)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0009_person_documents"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statusevent",
            name="health",
            field=models.CharField(blank=True, choices=[
                ("good", "Good health"), ("not_wounded", "Not wounded"), ("recovered", "Recovered"),
                ("convalescent", "Convalescent"), ("sick", "Sick"), ("slightly_wounded", "Slightly wounded"),
                ("seriously_wounded", "Seriously wounded"), ("", "Not stated")],
                max_length=20, verbose_name="state of health"),
        ),
        migrations.RunPython(_remap(FORWARD), _remap(BACKWARD)),
    ]
