"""A user's private calendar feed: the token in its URL, of which only the SHA-256 is kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record


class FeedTokenQuerySet(models.QuerySet):
    def active(self) -> FeedTokenQuerySet:
        """Tokens not revoked, of users who may still sign in."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class FeedToken(Record):
    """The secret in a user's feed URL. The URL is shown once, at creation; revoking it makes
    the URL answer 404. At most one unrevoked token per user: a new one replaces the old."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="feed_tokens",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The feed is read by calendar programs, not by a browser: its events are written in the
    # language the user had when they made it.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_feed_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.pk}"
