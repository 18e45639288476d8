"""What couples rate: categories and behaviors, the shared catalog and a couple's own.

The catalog's words come in every language of the app (LANGUAGES): staff write each in the
admin, and a language left empty shows the English.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from translated_fields.utils import TranslatedFieldWithFallback

from .couples import Couple
from .text import validate_printable


def shown(field: str, path: str = ""):
    """The words of a translated field in the page's language, else the English, for a
    query: `values_list("pk", shown("title"))`, `values(title=shown("title", "behavior__"))`."""
    language = translation.get_language()
    english = F(f"{path}{field}_en")
    if language == "en" or language not in dict(settings.LANGUAGES):
        return english
    return Coalesce(NullIf(F(f"{path}{field}_{language}"), Value("")), english)


class Category(models.Model):
    """A family of behaviors (Secrecy, Flirting, …). Reports score agreement per category."""

    name = TranslatedFieldWithFallback(
        models.CharField(_("name"), max_length=60, validators=[validate_printable]),
        {"en": {"unique": True}},
    )
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class BehaviorQuerySet(models.QuerySet):
    def catalog(self):
        return self.filter(couple__isnull=True)

    def active(self):
        return self.filter(retired_at__isnull=True)

    def visible_to(self, couple):
        """The shared catalog plus this couple's own behaviors; nobody else's."""
        if couple is None:
            return self.catalog()
        return self.filter(Q(couple__isnull=True) | Q(couple=couple))


class Behavior(models.Model):
    """Something a partner might do, to be rated twice: if I did it, if my partner did it.

    Catalog behaviors have no couple and are edited by staff; a couple's own behaviors are
    seen by that couple alone. Retiring keeps a behavior in old check-ins and reports.
    """

    # In each language for the catalog (`title_en`, `title_es`, `title_de`; reading `title`
    # gives the language of the page, else the English). A couple's own behavior keeps the
    # words they wrote, in whatever language, in `title_en`, and both partners read those.
    title = TranslatedFieldWithFallback(
        models.CharField(_("title"), max_length=120, validators=[validate_printable])
    )
    description = TranslatedFieldWithFallback(
        models.CharField(
            _("description"), max_length=300, blank=True, validators=[validate_printable]
        )
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="behaviors")
    position = models.PositiveIntegerField(_("order"), default=0)
    couple = models.ForeignKey(
        Couple,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_behaviors",
        help_text=_("Empty for the shared catalog; set for a couple's own behavior."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        help_text=_("Retired behaviors stay in earlier check-ins but leave new ones."),
    )

    objects = BehaviorQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "position", "pk"]
        indexes = [models.Index(fields=["couple", "retired_at"])]

    def __str__(self):
        return self.title

    @property
    def is_custom(self) -> bool:
        return self.couple_id is not None

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
