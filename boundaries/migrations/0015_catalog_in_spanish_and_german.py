"""The shared catalog in Spanish and German. Only empty words are filled: what staff wrote
in the admin stays. Taking this back leaves the words in place (they harm nothing)."""

from django.db import migrations

CATEGORIES = {
    "secrecy": ("Secretos", "Heimlichkeit"),
    "emotional-intimacy": ("Intimidad emocional", "Emotionale Nähe"),
    "flirting": ("Coqueteo", "Flirten"),
    "social-media": ("Redes sociales", "Soziale Medien"),
    "comparison-fantasy": ("Comparaciones y fantasías", "Vergleiche und Fantasien"),
    "keeping-options-open": ("Dejar puertas abiertas", "Sich Optionen offenhalten"),
}

# English title: ((Spanish title, description), (German title, description))
BEHAVIORS = {
    "Saving a contact under a fake name": (
        (
            "Guardar un contacto con un nombre falso",
            "Guardar el número de alguien con otro nombre para que tu pareja no lo reconozca.",
        ),
        (
            "Einen Kontakt unter falschem Namen speichern",
            "Die Nummer einer Person unter anderem Namen speichern, damit deine Partnerin oder "
            "dein Partner sie nicht erkennt.",
        ),
    ),
    "Keeping a conversation hidden": (
        (
            "Ocultar una conversación",
            "Hablar a menudo con alguien y asegurarte de que tu pareja no se entere.",
        ),
        (
            "Ein Gespräch verheimlichen",
            "Regelmäßig mit jemandem reden und dafür sorgen, dass deine Partnerin oder dein "
            "Partner nichts davon erfährt.",
        ),
    ),
    "Deleting messages so your partner won't see them": (
        (
            "Borrar mensajes para que tu pareja no los vea",
            "Vaciar un chat para que tu pareja no encuentre nada.",
        ),
        (
            "Nachrichten löschen, damit sie unentdeckt bleiben",
            "Einen Chat leeren, damit es dort nichts zu finden gibt.",
        ),
    ),
    "Sharing inside jokes your partner wouldn't want you to have": (
        (
            "Tener bromas privadas que a tu pareja no le gustarían",
            "Un mundo de bromas con alguien del que tu pareja se sentiría excluida.",
        ),
        (
            "Insider-Witze mit jemand anderem teilen",
            "Eine eigene kleine Welt aus Witzen mit jemandem, aus der sich deine Partnerin oder "
            "dein Partner ausgeschlossen fühlen würde.",
        ),
    ),
    "Confiding relationship problems to someone else": (
        (
            "Contarle a otra persona los problemas de la relación",
            "Hablar de lo que pasa entre los dos con otra persona en vez de con tu pareja.",
        ),
        (
            "Beziehungsprobleme mit jemand anderem besprechen",
            "Über Schwierigkeiten zwischen euch beiden mit einer anderen Person reden statt "
            "miteinander.",
        ),
    ),
    "Messaging one person many times a day": (
        (
            "Escribirle a una persona muchas veces al día",
            "Un contacto casi constante con una persona en concreto, por ejemplo alguien del "
            "trabajo.",
        ),
        (
            "Einer Person viele Male am Tag schreiben",
            "Fast ständiger Kontakt mit einer bestimmten Person, etwa mit jemandem von der Arbeit.",
        ),
    ),
    "Sending flirty messages": (
        ("Enviar mensajes coquetos", "Escribirle a alguien en un tono juguetón y coqueto."),
        ("Flirtnachrichten schicken", "Jemandem verspielt und flirtend schreiben."),
    ),
    "Accepting or returning flirting": (
        (
            "Aceptar o devolver un coqueteo",
            "Seguirle el juego a alguien que coquetea contigo, o coquetear de vuelta.",
        ),
        (
            "Auf einen Flirt eingehen",
            "Mitmachen, wenn jemand mit dir flirtet, oder zurückflirten.",
        ),
    ),
    "Liking all of one person's posts": (
        (
            "Darle “me gusta” a todo lo que publica una persona",
            "Reaccionar a todo lo que una persona en concreto comparte en internet.",
        ),
        (
            "Alle Beiträge einer Person liken",
            "Auf alles reagieren, was eine bestimmte Person online teilt.",
        ),
    ),
    "Checking one person's profile often": (
        (
            "Mirar a menudo el perfil de una persona",
            "Volver una y otra vez al perfil de alguien y que te importe lo que encuentres.",
        ),
        (
            "Oft das Profil einer Person ansehen",
            "Immer wieder das Profil von jemandem anschauen – und es ist dir nicht egal, was du "
            "dort findest.",
        ),
    ),
    "Comparing your partner to someone else": (
        (
            "Comparar a tu pareja con otra persona",
            "Medir a tu pareja con otra persona, en tu cabeza o en voz alta.",
        ),
        (
            "Deine Partnerin oder deinen Partner mit jemand anderem vergleichen",
            "Deine Partnerin oder deinen Partner an jemand anderem messen – in Gedanken oder "
            "laut.",
        ),
    ),
    "Daydreaming about “what if” with a specific person": (
        (
            "Fantasear con un “¿y si…?” con una persona concreta",
            "Imaginar cómo sería una relación con una persona en particular.",
        ),
        (
            "Von einem „Was wäre, wenn …“ mit einer bestimmten Person träumen",
            "Sich ausmalen, wie eine Beziehung mit einer bestimmten Person wäre.",
        ),
    ),
    "Staying in close private contact with an ex": (
        (
            "Mantener un contacto cercano y privado con una expareja",
            "Conservar un vínculo cercano, a solas, con alguien con quien tuviste una relación.",
        ),
        (
            "Engen, privaten Kontakt zu einem oder einer Ex halten",
            "Eine enge Verbindung unter vier Augen mit jemandem, mit dem du früher zusammen "
            "warst.",
        ),
    ),
    "Keeping a dating-app profile active": (
        (
            "Mantener activo un perfil en una app de citas",
            "Dejar un perfil de citas publicado, aunque casi no lo uses.",
        ),
        (
            "Ein Dating-Profil aktiv lassen",
            "Ein Profil in einer Dating-App online lassen, auch wenn du es kaum nutzt.",
        ),
    ),
}


def _fill(row, **words):
    """Set each empty field to its words; the names of the fields that changed."""
    changed = [name for name, text in words.items() if not getattr(row, name)]
    for name in changed:
        setattr(row, name, words[name])
    return changed


def translate(apps, schema_editor):
    Category = apps.get_model("boundaries", "Category")
    Behavior = apps.get_model("boundaries", "Behavior")
    for category in Category.objects.filter(slug__in=CATEGORIES):
        spanish, german = CATEGORIES[category.slug]
        if changed := _fill(category, name_es=spanish, name_de=german):
            category.save(update_fields=changed)
    for behavior in Behavior.objects.filter(couple=None, title_en__in=BEHAVIORS):
        (es_title, es_text), (de_title, de_text) = BEHAVIORS[behavior.title_en]
        words = {"title_es": es_title, "description_es": es_text}
        words |= {"title_de": de_title, "description_de": de_text}
        if changed := _fill(behavior, **words):
            behavior.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("boundaries", "0014_catalog_in_each_language")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
