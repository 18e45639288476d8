"""Encrypt the authenticator secrets that were stored in the clear before boundaries.mfa.

Safe to run on data that is already encrypted: a value that decrypts is left alone.
"""

from django.db import migrations

# Which entry of an authenticator's data is a secret, per type (as allauth stores them).
SECRET_FIELDS = {"totp": ["secret"], "recovery_codes": ["seed"]}


def _rewrite(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=SECRET_FIELDS):
        data = dict(authenticator.data)
        fields = [f for f in SECRET_FIELDS[authenticator.type] if isinstance(data.get(f), str)]
        changed = False
        for field in fields:
            new = change(data[field])
            changed = changed or new != data[field]
            data[field] = new
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    from boundaries.mfa import encryption, is_encrypted

    def change(value):
        return value if is_encrypted(value) else encryption().encrypt(value.encode()).decode()

    _rewrite(apps, change)


def decrypt(apps, schema_editor):
    from boundaries.mfa import encryption, is_encrypted

    def change(value):
        return encryption().decrypt(value.encode()).decode() if is_encrypted(value) else value

    _rewrite(apps, change)


class Migration(migrations.Migration):
    dependencies = [
        ("boundaries", "0007_therapists"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
