"""Staff keep the conditions "It depends" offers. A retired one stays on earlier answers."""

from django.contrib import admin

from .models import Condition


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["label", "key"]

    def get_readonly_fields(self, request, obj=None):
        # Answers keep the key: once in use it stays as it is; the label may change.
        return ["key"] if obj is not None else []
