"""A packet's statement of identity kept as data ([key, value] pairs), its labels written in the reader's
language; the packets opened before it get theirs again from their owner's record."""

from django.db import migrations, models


def rebuild(apps, schema_editor):
    Packet = apps.get_model("effects", "Packet")
    PersonName = apps.get_model("registry", "PersonName")
    Citizenship = apps.get_model("registry", "Citizenship")
    for packet in Packet.objects.select_related("person"):
        person = packet.person
        names = list(PersonName.objects.filter(person_id=person.pk).order_by("-is_primary", "pk")
                     .values_list("text", flat=True)[:2])
        power = person.power_depended or (Citizenship.objects.filter(person_id=person.pk).order_by("pk")
                                          .values_list("country", flat=True).first() or "")
        rows = [("name", " / ".join(names)), ("father", person.father_first_name),
                ("birth", ", ".join(x for x in (person.birth_date, person.birth_place) if x)), ("rank", person.rank),
                ("number", person.service_number), ("internment_number", person.internment_number),
                ("unit", person.unit), ("power", power),
                ("informed", " ".join(person.informed_person_name.split())), ("record", str(person.pk))]
        packet.identity = [[key, value] for key, value in rows if value]
        packet.save(update_fields=["identity"])


class Migration(migrations.Migration):

    dependencies = [
        ("effects", "0001_effects"),
        ("registry", "0012_status_event_internment_place"),
    ]

    operations = [
        migrations.AddField(
            model_name="packet",
            name="identity",
            field=models.JSONField(default=list, verbose_name="statement of identity"),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="packet",
            name="identity_statement",
        ),
    ]
