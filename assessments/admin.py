"""Staff keep the conditions "It depends" offers. A retired one stays on earlier answers."""

from django.contrib import admin
from translated_fields.admin import TranslatedFieldAdmin

from .models import Condition


@admin.register(Condition)
class ConditionAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """Each condition's label in each language (an empty one shows the English)."""

    list_display = ["label", "key", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = [*Condition.label.fields, "key"]
    fields = [*Condition.label.fields, "key", "position", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        # Answers keep the key: once in use it stays as it is; the label may change.
        return ["key"] if obj is not None else []
