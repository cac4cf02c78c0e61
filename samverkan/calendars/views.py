"""The calendar settings page (make, see and revoke one's feed URL) and the feed itself."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .feed import build_calendar, events_for
from .models import FeedToken
from .services import create_feed, feed_for_token, revoke_feed


def current_language() -> str:
    """The active language as one of settings.LANGUAGES."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("calendars:feed", args=[token]))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    new_url = None
    if request.method == "POST":
        _record, token = create_feed(
            user=request.user, language=current_language(), actor=request.user
        )
        new_url = feed_url(request, token)
    return render(
        request,
        "calendars/settings.html",
        {
            "new_url": new_url,
            "active": FeedToken.objects.filter(user=request.user, revoked_at__isnull=True).first(),
        },
    )


@login_required
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own feeds; anyone else's answer 404.
    record = get_object_or_404(FeedToken, pk=pk, user=request.user)
    revoke_feed(record, actor=request.user)
    messages.success(request, _("The calendar feed was revoked; its address no longer works."))
    return redirect("calendars:settings")


@never_cache
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: no sign-in, the token in the URL is the credential (404 when unknown)."""
    record = feed_for_token(token)
    if record is None:
        raise Http404
    user = record.user
    with translation.override(record.language):
        events = events_for(user, today=timezone.localdate())
        body = build_calendar(
            events,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            name=_("Samverkan: %(user)s") % {"user": str(user)},
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samverkan.ics"'
    return response
