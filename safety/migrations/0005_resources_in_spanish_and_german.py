"""The default places to turn, in Spanish and German (only empty words are filled). Names of
services stay as the services call themselves."""

from django.db import migrations

# English name: ((Spanish name, how, region), (German name, how, region))
WORDS = {
    "Your local emergency number": (
        (
            "Tu número local de emergencias",
            "Si estás en peligro ahora: 112 en Europa, 911 en Norteamérica, 999 en el Reino "
            "Unido, 000 en Australia.",
            "En todas partes",
        ),
        (
            "Deine örtliche Notrufnummer",
            "Wenn du jetzt in Gefahr bist: 112 in Europa, 911 in Nordamerika, 999 in "
            "Großbritannien, 000 in Australien.",
            "Überall",
        ),
    ),
    "National Domestic Violence Hotline": (
        (
            "National Domestic Violence Hotline",
            "1-800-799-7233, o envía START por SMS al 88788 (thehotline.org)",
            "Estados Unidos",
        ),
        (
            "National Domestic Violence Hotline",
            "1-800-799-7233, oder schick START per SMS an 88788 (thehotline.org)",
            "USA",
        ),
    ),
    "National Domestic Abuse Helpline (Refuge)": (
        (
            "National Domestic Abuse Helpline (Refuge)",
            "0808 2000 247, de día y de noche (nationaldahelpline.org.uk)",
            "Reino Unido",
        ),
        (
            "National Domestic Abuse Helpline (Refuge)",
            "0808 2000 247, Tag und Nacht (nationaldahelpline.org.uk)",
            "Großbritannien",
        ),
    ),
    "1800RESPECT": (
        ("1800RESPECT", "1800 737 732 (1800respect.org.au)", "Australia"),
        ("1800RESPECT", "1800 737 732 (1800respect.org.au)", "Australien"),
    ),
    "Hilfetelefon Gewalt gegen Frauen": (
        ("Hilfetelefon Gewalt gegen Frauen", "116 016, para mujeres (hilfetelefon.de)", "Alemania"),
        ("Hilfetelefon Gewalt gegen Frauen", "116 016, für Frauen (hilfetelefon.de)", "Deutschland"),
    ),
    "Hilfetelefon Gewalt an Männern": (
        (
            "Hilfetelefon Gewalt an Männern",
            "0800 1239900, para hombres (maennerhilfetelefon.de)",
            "Alemania",
        ),
        (
            "Hilfetelefon Gewalt an Männern",
            "0800 1239900, für Männer (maennerhilfetelefon.de)",
            "Deutschland",
        ),
    ),
    "016": (
        (
            "016",
            "016, gratuito, y no deja rastro en la factura del teléfono "
            "(violenciagenero.igualdad.gob.es)",
            "España",
        ),
        (
            "016",
            "016, kostenlos, und der Anruf erscheint nicht auf der Telefonrechnung "
            "(violenciagenero.igualdad.gob.es)",
            "Spanien",
        ),
    ),
}


def translate(apps, schema_editor):
    SupportResource = apps.get_model("safety", "SupportResource")
    for resource in SupportResource.objects.filter(name_en__in=WORDS):
        changed = []
        for code, words in zip(("es", "de"), WORDS[resource.name_en], strict=True):
            for field, text in zip(("name", "how_to_reach", "region"), words, strict=True):
                name = f"{field}_{code}"
                if not getattr(resource, name):
                    setattr(resource, name, text)
                    changed.append(name)
        if changed:
            resource.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("safety", "0004_resources_in_each_language")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
