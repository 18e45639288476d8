"""The conditions "It depends" offers at first; staff change them in the admin."""

from django.db import migrations

DEFAULTS = [
    ("open", "It's open, not hidden"),
    ("i_know_beforehand", "I know about it beforehand"),
    ("now_and_then", "Now and then, not often"),
    ("in_a_group", "In a group, not one-on-one"),
    ("not_an_ex", "Not with an ex"),
    ("not_someone_interested", "Not with someone who is interested in you"),
    ("online_only", "Online only"),
    ("in_person_only", "In person only"),
    ("work_only", "Only for work"),
]


def seed(apps, schema_editor):
    Condition = apps.get_model("assessments", "Condition")
    for index, (key, label) in enumerate(DEFAULTS):
        Condition.objects.get_or_create(key=key, defaults={"label": label, "position": index * 10})


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_conditions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
