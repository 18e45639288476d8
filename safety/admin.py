"""Staff keep the list of places to turn. The safety checks themselves are not in the admin:
they are the person's own, read by nobody else unless the person shares them."""

from django.contrib import admin

from .models import SupportResource


@admin.register(SupportResource)
class SupportResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "how_to_reach", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "region"]
