"""The conditions "It depends" offers, in Spanish and German (only empty labels are filled)."""

from django.db import migrations

LABELS = {
    "open": ("Que sea abierto, no a escondidas", "Offen, nicht heimlich"),
    "i_know_beforehand": ("Que yo lo sepa de antemano", "Ich weiß vorher davon"),
    "now_and_then": ("De vez en cuando, no a menudo", "Ab und zu, nicht oft"),
    "in_a_group": ("En grupo, no a solas con esa persona", "In der Gruppe, nicht zu zweit"),
    "not_an_ex": ("No con una expareja", "Nicht mit einem oder einer Ex"),
    "not_someone_interested": (
        "No con alguien que tenga interés en ti",
        "Nicht mit jemandem, der Interesse an dir hat",
    ),
    "online_only": ("Solo en línea", "Nur online"),
    "in_person_only": ("Solo en persona", "Nur von Angesicht zu Angesicht"),
    "work_only": ("Solo por trabajo", "Nur beruflich"),
}


def translate(apps, schema_editor):
    Condition = apps.get_model("assessments", "Condition")
    for condition in Condition.objects.filter(key__in=LABELS):
        spanish, german = LABELS[condition.key]
        changed = []
        for name, text in (("label_es", spanish), ("label_de", german)):
            if not getattr(condition, name):
                setattr(condition, name, text)
                changed.append(name)
        if changed:
            condition.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0010_conditions_in_each_language")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
