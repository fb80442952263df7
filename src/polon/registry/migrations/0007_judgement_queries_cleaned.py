"""Judgements are looked up by the query as search cleans it; search now cleans with polon.names.clean (NFC,
format characters dropped, one apostrophe), so stored queries are cleaned the same way. Where two judgements
of one person become the same query, the later one is kept: it is the registrar's last word."""

from django.db import migrations

from polon.names import NameInputError, clean


def _cleaned(query: str) -> str:
    try:
        return clean(query)
    except NameInputError:
        return query


def clean_stored_queries(apps, schema_editor):
    MatchJudgement = apps.get_model("registry", "MatchJudgement")
    kept: dict[tuple[int, str], int] = {}
    renamed: dict[int, str] = {}
    superseded: list[int] = []
    for pk, person_id, query in MatchJudgement.objects.order_by("-judged_at", "-pk").values_list(
            "pk", "person_id", "query"):
        key = (person_id, _cleaned(query))
        if key in kept:
            superseded.append(pk)
            continue
        kept[key] = pk
        if key[1] != query:
            renamed[pk] = key[1]
    MatchJudgement.objects.filter(pk__in=superseded).delete()
    for pk, query in renamed.items():
        MatchJudgement.objects.filter(pk=pk).update(query=query)


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_page_indexes")]

    operations = [migrations.RunPython(clean_stored_queries, migrations.RunPython.noop)]
