"""Page URLs of reminders."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.choices, name="settings"),
    path("<id:pk>/snooze/", views.snooze, name="snooze"),
]
