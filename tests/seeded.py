"""Put back what the migrations seed (the behavior catalog in each language, the conditions,
the support resources) after a transactional test emptied the tables.

The rows are kept as the migrations left them, once per test process, as soon as its test
database is made (tests/conftest.py: django_db_setup); putting them back saves each as it
was, whatever changed or went since.
"""

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

_kept: list[str] = []


def _seeded():
    Behavior = apps.get_model("boundaries", "Behavior")
    return [
        apps.get_model("boundaries", "Category").objects.all(),
        Behavior.objects.filter(couple=None),
        apps.get_model("assessments", "Condition").objects.all(),
        apps.get_model("safety", "SupportResource").objects.all(),
    ]


def keep_seeded_rows():
    _kept[:] = [serializers.serialize("json", rows) for rows in _seeded()]


def restore_seeded_rows():
    with transaction.atomic():
        for data in _kept:
            for row in serializers.deserialize("json", data):
                row.save()
        # As loaddata does: new rows get ids after the ones put back.
        models = [rows.model for rows in _seeded()]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
