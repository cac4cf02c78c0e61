"""Page URLs of calendars: the settings page and the feed."""

from django.urls import path, re_path

from . import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_settings, name="settings"),
    path("<id:pk>/revoke/", views.feed_revoke, name="revoke"),
    # Any text up to ".ics" reaches the view, which answers 404 for what is not a live token.
    re_path(r"^feed/(?P<token>[^/]{1,200})\.ics$", views.feed, name="feed"),
]
