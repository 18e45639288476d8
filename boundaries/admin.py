from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from translated_fields.admin import TranslatedFieldAdmin

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
        (_("Profile"), {"fields": ("display_name", "time_zone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    # Deleting someone here is deleting their account as they would themselves: the couple
    # ends first and the partner keeps a working history (assessments.privacy.deletion).
    def delete_model(self, request, obj):
        from assessments.privacy.deletion import account_delete

        account_delete(user=obj)

    def delete_queryset(self, request, queryset):
        from assessments.privacy.deletion import account_delete

        for user in queryset:
            account_delete(user=user)


class ViewAndDeleteAdminMixin:
    """Rows that only the app and allauth write: staff look, and may remove one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin(ViewAndDeleteAdminMixin):
    """Rows that only the app's own services may write: staff look, they do not edit."""

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    # Who is in a couple changes only by accepting an invitation or unlinking, so that both
    # partners always know; the admin shows it and nothing more.
    model = CoupleMembership
    extra = 0
    fields = ["user", "joined_at", "left_at"]
    readonly_fields = fields


@admin.register(Couple)
class CoupleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "created_at", "ended_at"]
    fields = ["created_at", "ended_at"]
    readonly_fields = fields
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Invitations without their codes: a live code would let anyone who reads it join."""

    list_display = ["inviter", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    fields = ["inviter", "status", "created_at", "expires_at", "accepted_by", "couple"]
    readonly_fields = fields
    search_fields = ["inviter__email"]


# allauth's own admin pages for these show an authenticator's secret, and search sessions by
# a username this user model does not have.
admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


@admin.register(Authenticator)
class AuthenticatorAdmin(ViewAndDeleteAdminMixin, admin.ModelAdmin):
    """Who has which second factor. Secrets never show; deleting one lets a person who lost
    their phone set it up again (after checking who they are)."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields


@admin.register(UserSession)
class UserSessionAdmin(ViewAndDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "last_seen_at", "ip"]
    list_select_related = ["user"]
    search_fields = ["user__email", "ip"]
    fields = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    readonly_fields = fields


@admin.register(Category)
class CategoryAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """A category's name in each language (an empty one shows the English)."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    fields = [*Category.name.fields, "slug", "position"]
    prepopulated_fields = {"slug": ["name_en"]}


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
class BehaviorAdmin(TranslatedFieldAdmin, admin.ModelAdmin):
    """Staff keep the catalog here: its words in each language (an empty one shows the
    English), the order (the order field), and retiring."""

    list_display = ["title", "category", "position", "retired_at"]
    list_editable = ["position"]
    list_filter = [RetiredFilter, "category"]
    list_select_related = ["category"]
    search_fields = [*Behavior.title.fields, *Behavior.description.fields]
    fields = [
        *Behavior.title.fields,
        *Behavior.description.fields,
        "category",
        "position",
        "retired_at",
    ]
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
