from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("exchanges", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="listrow",
            name="raw_text",
            field=models.TextField(blank=True, verbose_name="line as written"),
        ),
        migrations.AddField(
            model_name="listrow",
            name="raw",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="listrow",
            name="problems",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name="listrow",
            name="outcome",
            field=models.CharField(choices=[("matched", "Matched"), ("ambiguous", "Ambiguous"),
                                            ("unknown", "Not in the registry"), ("invalid", "To correct")],
                                   max_length=12, verbose_name="outcome"),
        ),
        migrations.AlterField(
            model_name="listjudgement",
            name="person",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="registry.person"),
        ),
    ]
