"""API of calendars: the signed-in user's feed addresses (tag "calendar")."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverkan.rest.schema import read_errors, write_errors
from samverkan.rest.views import ListView

from .models import FeedToken
from .services import create_feed, revoke_feed
from .views import current_language, feed_url

TAGS = ["calendar"]


class FeedOut(serializers.ModelSerializer):
    language = serializers.CharField(
        read_only=True, help_text="The language of the feed's events (a code of LANGUAGES)."
    )

    class Meta:
        model = FeedToken
        fields = ["id", "language", "created_at", "revoked_at", "version"]


class FeedCreatedOut(FeedOut):
    url = serializers.SerializerMethodField(
        help_text="The feed's address, with its secret: shown only in this answer."
    )

    class Meta(FeedOut.Meta):
        fields = [*FeedOut.Meta.fields, "url"]

    def get_url(self, record: FeedToken) -> str:
        return feed_url(self.context["request"], self.context["token"])


class FeedList(ListView):
    keyset_field = "created_at"

    @extend_schema(responses={200: FeedOut(many=True), **read_errors()}, tags=TAGS)
    def get(self, request: Request) -> Response:
        """Your calendar feeds, revoked ones too, oldest first; never their addresses."""
        return self.page(FeedToken.objects.filter(user=request.user), FeedOut)

    @extend_schema(
        request=None, responses={201: FeedCreatedOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request) -> Response:
        """Make a new feed address (the one you had stops working). The answer is the only
        place the address is shown; its events are in the language of Accept-Language."""
        record, token = create_feed(
            user=request.user, language=current_language(), actor=request.user
        )
        context = {"request": request, "token": token}
        return Response(
            FeedCreatedOut(record, context=context).data, status=status.HTTP_201_CREATED
        )


class FeedRevoke(APIView):
    @extend_schema(
        request=None, responses={200: FeedOut, **write_errors(conflict=False)}, tags=TAGS
    )
    def post(self, request: Request, pk: int) -> Response:
        """Revoke one of your feeds: its address answers 404 from now on. Revoking a revoked
        feed changes nothing; anyone else's feed answers 404."""
        record = get_object_or_404(FeedToken, pk=pk, user=request.user)
        revoke_feed(record, actor=request.user)
        record.refresh_from_db()
        return Response(FeedOut(record).data)


urlpatterns = [
    path("calendar/feeds/", FeedList.as_view(), name="api-calendar-feeds"),
    path("calendar/feeds/<id:pk>/revoke/", FeedRevoke.as_view(), name="api-calendar-feed-revoke"),
]
