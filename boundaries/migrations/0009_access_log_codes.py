"""Access log entries name what was looked at by a stable code, not a sentence in English."""

from django.db import migrations, models

CODES = {
    "Client list": "client_list",
    "Couple overview": "couple",
    "A check-in report": "report",
    "Session notes": "notes",
}


def to_codes(apps, schema_editor):
    AccessLogEntry = apps.get_model("boundaries", "AccessLogEntry")
    for sentence, code in CODES.items():
        AccessLogEntry.objects.filter(what=sentence).update(what=code)
    # Anything else was a look at the couple page under an older wording.
    AccessLogEntry.objects.exclude(what__in=CODES.values()).update(what="couple")


def to_sentences(apps, schema_editor):
    AccessLogEntry = apps.get_model("boundaries", "AccessLogEntry")
    for sentence, code in CODES.items():
        AccessLogEntry.objects.filter(what=code).update(what=sentence)


class Migration(migrations.Migration):
    dependencies = [("boundaries", "0008_encrypt_mfa_secrets")]

    operations = [
        migrations.RunPython(to_codes, to_sentences),
        migrations.AlterField(
            model_name="accesslogentry",
            name="what",
            field=models.CharField(
                choices=[
                    ("client_list", "Client list"),
                    ("couple", "Couple overview"),
                    ("report", "A check-in report"),
                    ("notes", "Session notes"),
                ],
                max_length=20,
            ),
        ),
    ]
