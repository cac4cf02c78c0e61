import pytest


@pytest.fixture
def world(world):
    """The personas, each with an e-mail address (reminders go by e-mail)."""
    for user in (world.coordinator, world.coordinator_stad, world.viewer, world.steering):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_TIERS = (90, 30, 7)
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.SITE_URL = "https://samverkan.example.org"
