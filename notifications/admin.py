"""The outbox in the admin: every email with where it stands, and a list of the ones that
did not go out, with a way to try them again. Bodies are not shown: they may hold sign-in
links."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Email, UndeliveredEmail
from .services.outbox import STALE_CLAIM

READ_ONLY = [
    "category",
    "to",
    "subject",
    "status",
    "attempts",
    "not_before",
    "claimed_at",
    "sent_at",
    "last_error",
    "created_at",
    "notification",
]


@admin.action(description=_("Try to send the selected emails again"))
def send_again(modeladmin, request, queryset):
    count = services.email_retry(email_ids=list(queryset.values_list("pk", flat=True)))
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d email will be sent again.", "%(count)d emails will be sent again.", count
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "category", "to", "status", "attempts", "last_error"]
    list_filter = ["status", "category"]
    search_fields = ["to"]
    date_hierarchy = "created_at"
    fields = READ_ONLY
    readonly_fields = READ_ONLY
    actions = [send_again]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(UndeliveredEmail)
class UndeliveredEmailAdmin(EmailAdmin):
    list_filter = ["category"]

    def get_queryset(self, request):
        # Given up, being retried, or waiting longer than a worker should take. Mail held
        # for the quiet hours is not late.
        late = timezone.now() - STALE_CLAIM
        waiting = Q(status=Email.Status.PENDING) & (Q(attempts__gt=0) | Q(not_before__lt=late))
        stuck = Q(status=Email.Status.SENDING, claimed_at__lt=late)
        failed = Q(status=Email.Status.FAILED)
        return super().get_queryset(request).filter(failed | waiting | stuck)
