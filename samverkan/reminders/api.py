"""API of reminders."""

urlpatterns: list = []
