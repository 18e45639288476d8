from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Behavior, Category, Couple, CoupleMembership, Invitation, User


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = CoupleMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "ended_at"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["code", "inviter", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["inviter", "accepted_by", "couple"]
    search_fields = ["code", "inviter__email"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


class RetiredFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("In use")), ("retired", _("Retired"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(retired_at__isnull=True)
        if self.value() == "retired":
            return queryset.filter(retired_at__isnull=False)
        return queryset


@admin.register(Behavior)
class BehaviorAdmin(admin.ModelAdmin):
    """Staff keep the catalog here: edit, reorder (the order field) and retire."""

    list_display = ["title", "category", "position", "retired_at"]
    list_editable = ["position"]
    list_filter = [RetiredFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "category", "position", "retired_at"]
    actions = ["retire", "bring_back"]

    def get_queryset(self, request):
        # A couple's own behaviors are theirs: staff see and edit only the shared catalog.
        return super().get_queryset(request).filter(couple__isnull=True)

    @admin.action(description=_("Retire the selected behaviors (they leave new check-ins)"))
    def retire(self, request, queryset):
        queryset.filter(retired_at__isnull=True).update(retired_at=timezone.now())

    @admin.action(description=_("Bring the selected behaviors back into new check-ins"))
    def bring_back(self, request, queryset):
        queryset.update(retired_at=None)
