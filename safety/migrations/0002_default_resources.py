"""A default list of places to turn, for staff to change in the admin."""

from django.db import migrations

DEFAULTS = [
    ("Your local emergency number", "If you are in danger now: 112 in Europe, 911 in North America, 999 in the UK, 000 in Australia.", "Everywhere"),
    ("National Domestic Violence Hotline", "1-800-799-7233, or text START to 88788 (thehotline.org)", "United States"),
    ("National Domestic Abuse Helpline (Refuge)", "0808 2000 247, day and night (nationaldahelpline.org.uk)", "United Kingdom"),
    ("1800RESPECT", "1800 737 732 (1800respect.org.au)", "Australia"),
    ("Hilfetelefon Gewalt gegen Frauen", "116 016, for women (hilfetelefon.de)", "Germany"),
    ("Hilfetelefon Gewalt an Männern", "0800 1239900, for men (maennerhilfetelefon.de)", "Germany"),
    ("016", "016, free, and it leaves no trace on the phone bill (violenciagenero.igualdad.gob.es)", "Spain"),
]  # fmt: skip


def seed(apps, schema_editor):
    SupportResource = apps.get_model("safety", "SupportResource")
    if SupportResource.objects.exists():
        return
    SupportResource.objects.bulk_create(
        SupportResource(name=name, how_to_reach=how, region=region, position=index * 10)
        for index, (name, how, region) in enumerate(DEFAULTS)
    )


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
