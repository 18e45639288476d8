"""A person's own account: the name their partner sees, the language they read."""


def user_update_name(*, user, display_name: str) -> None:
    user.display_name = display_name.strip()
    others = [field.name for field in user._meta.fields if field.name != "display_name"]
    user.clean_fields(exclude=others)
    user.save(update_fields=["display_name"])


def user_update_language(*, user, language: str) -> None:
    """The language of this person's pages and emails, from now on ("" for the browser's)."""
    user.language = language
    others = [field.name for field in user._meta.fields if field.name != "language"]
    user.clean_fields(exclude=others)
    user.save(update_fields=["language"])
