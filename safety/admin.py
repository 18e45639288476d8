"""Staff keep the list of places to turn. The safety checks themselves are not in the admin:
they are the person's own, read by nobody else unless the person shares them."""

from django.contrib import admin
from translated_fields.admin import TranslatedFieldAdmin

from .models import SupportResource


@admin.register(SupportResource)
class SupportResourceAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """Each place in each language (an empty one shows the English)."""

    list_display = ["name", "region", "how_to_reach", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "region_en"]
    search_fields = [*SupportResource.name.fields, *SupportResource.region.fields]
    fields = [
        *SupportResource.name.fields,
        *SupportResource.how_to_reach.fields,
        *SupportResource.region.fields,
        "position",
        "is_active",
    ]
