"""A person's own account: the name their partner sees."""


def user_update_name(*, user, display_name: str) -> None:
    user.display_name = display_name.strip()
    others = [field.name for field in user._meta.fields if field.name != "display_name"]
    user.clean_fields(exclude=others)
    user.save(update_fields=["display_name"])
