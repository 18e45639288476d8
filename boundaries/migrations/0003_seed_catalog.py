"""The shared behavior catalog, so every new database has it. Staff edit it in the admin."""

from django.db import migrations

CATALOG = [
    (
        "secrecy",
        "Secrecy",
        [
            (
                "Saving a contact under a fake name",
                "Storing someone's number under another name so your partner won't recognise it.",
            ),
            (
                "Keeping a conversation hidden",
                "Talking with someone regularly and making sure your partner doesn't know.",
            ),
            (
                "Deleting messages so your partner won't see them",
                "Clearing a chat so there is nothing for your partner to find.",
            ),
        ],
    ),
    (
        "emotional-intimacy",
        "Emotional intimacy",
        [
            (
                "Sharing inside jokes your partner wouldn't want you to have",
                "A private world of jokes with someone that your partner would feel shut out of.",
            ),
            (
                "Confiding relationship problems to someone else",
                "Talking through troubles between you two with another person instead of your "
                "partner.",
            ),
            (
                "Messaging one person many times a day",
                "Near-constant contact with one particular person, a coworker for example.",
            ),
        ],
    ),
    (
        "flirting",
        "Flirting",
        [
            ("Sending flirty messages", "Writing to someone in a playful, flirtatious way."),
            (
                "Accepting or returning flirting",
                "Going along with it when someone flirts with you, or flirting back.",
            ),
        ],
    ),
    (
        "social-media",
        "Social media",
        [
            (
                "Liking all of one person's posts",
                "Reacting to everything one particular person shares online.",
            ),
            (
                "Checking one person's profile often",
                "Looking at someone's profile again and again, and caring about what you find.",
            ),
        ],
    ),
    (
        "comparison-fantasy",
        "Comparison & fantasy",
        [
            (
                "Comparing your partner to someone else",
                "Measuring your partner against another person, in your head or out loud.",
            ),
            (
                "Daydreaming about “what if” with a specific person",
                "Imagining what a relationship with a particular person would be like.",
            ),
        ],
    ),
    (
        "keeping-options-open",
        "Keeping options open",
        [
            (
                "Staying in close private contact with an ex",
                "Keeping a close, one-to-one connection with a former partner.",
            ),
            (
                "Keeping a dating-app profile active",
                "Leaving a dating profile up, even if you hardly use it.",
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    Category = apps.get_model("boundaries", "Category")
    Behavior = apps.get_model("boundaries", "Behavior")
    for category_position, (slug, name, behaviors) in enumerate(CATALOG):
        category, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": category_position}
        )
        for position, (title, description) in enumerate(behaviors):
            Behavior.objects.get_or_create(
                couple=None,
                title=title,
                defaults={
                    "description": description,
                    "category": category,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("boundaries", "0002_category_behavior")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
