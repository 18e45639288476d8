"""The check-in API's refusals that carry data beside the errors, as the schema shows them."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from config.schema import ErrorResponseSerializer


class CheckInOpenSerializer(ErrorResponseSerializer):
    """A check-in is open already: the error, and the open one's id."""

    checkin = serializers.IntegerField(help_text="The id of the check-in that is open.")


class SurveyIncompleteSerializer(ErrorResponseSerializer):
    """Not every behavior is rated yet: the error, and which are left (or another error)."""

    missing = inline_serializer(
        "MissingBehavior",
        {"id": serializers.IntegerField(), "title": serializers.CharField()},
        many=True,
        required=False,
        help_text="The behaviors still to rate.",
    )
