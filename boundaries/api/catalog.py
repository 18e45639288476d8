"""The API for what a couple rates: the catalog and their own behaviors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import JsonModelSerializer, TextField

from .. import access, selectors, services
from ..models import Behavior, Category


@extend_schema_field(OpenApiTypes.STR)
class CategoryField(serializers.RelatedField):
    """A category by its slug ("secrecy") or its id."""

    default_error_messages = {
        "unknown": _("Unknown category. Use one of: {choices}."),
    }

    def get_queryset(self):
        return Category.objects.all()

    def to_internal_value(self, data):
        categories = selectors.categories()
        if isinstance(data, bool):
            self.fail("unknown", choices=", ".join(c.slug for c in categories))
        for category in categories:
            if data in (category.slug, category.pk, str(category.pk)):
                return category
        self.fail("unknown", choices=", ".join(c.slug for c in categories))

    def to_representation(self, value):
        return value.slug


class BehaviorSerializer(JsonModelSerializer):
    # Read in the language asked for (the catalog's); written as the couple's own words.
    title = TextField(max_length=120)
    description = TextField(max_length=300, required=False, allow_blank=True)
    category = CategoryField(help_text=_("The category's slug, e.g. “secrecy”, or its id."))
    category_name = serializers.CharField(source="category.name", read_only=True)
    custom = serializers.BooleanField(source="is_custom", read_only=True)

    class Meta:
        model = Behavior
        fields = ["id", "title", "description", "category", "category_name", "custom"]
        read_only_fields = ["id"]


def _behavior_or_404(request, pk):
    return access.own_behavior_or_404(request.user, pk)


class BehaviorListView(APIView):
    @extend_schema(responses={200: BehaviorSerializer(many=True)}, summary="What you can rate")
    def get(self, request):
        couple = selectors.current_couple(request.user)
        return Response(BehaviorSerializer(selectors.behaviors_for(couple), many=True).data)

    @extend_schema(
        request=BehaviorSerializer,
        responses={201: BehaviorSerializer},
        summary="Add a behavior of your own",
        description="Only your couple sees it; it joins your next check-in.",
    )
    def post(self, request):
        serializer = BehaviorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        behavior = services.behavior_create(user=request.user, **serializer.validated_data)
        return Response(BehaviorSerializer(behavior).data, status=status.HTTP_201_CREATED)


class BehaviorDetailView(APIView):
    @extend_schema(responses={200: BehaviorSerializer}, summary="One of your own behaviors")
    def get(self, request, pk):
        return Response(BehaviorSerializer(_behavior_or_404(request, pk)).data)

    @extend_schema(request=BehaviorSerializer, responses={200: BehaviorSerializer})
    def patch(self, request, pk):
        behavior = _behavior_or_404(request, pk)
        serializer = BehaviorSerializer(behavior, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {  # what is not sent stays as the couple wrote it
            "title": behavior.title_en,
            "description": behavior.description_en,
            "category": behavior.category,
            **serializer.validated_data,
        }
        services.behavior_update(behavior=behavior, **values)
        return Response(BehaviorSerializer(behavior).data)

    @extend_schema(
        responses={204: None},
        summary="Retire one of your own behaviors",
        description="It leaves new check-ins and stays in earlier ones.",
    )
    def delete(self, request, pk):
        services.behavior_retire(behavior=_behavior_or_404(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
