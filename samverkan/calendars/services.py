"""Creating, finding and revoking calendar feed tokens. Services check no permissions: the
caller gives the user whose feed it is (always the signed-in user)."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import EditConflict, create_record, save_versioned

from .models import FeedToken

# What token_urlsafe(32) produces; anything else is not looked up at all.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_feed(*, user: Any, language: str, actor: Any) -> tuple[FeedToken, str]:
    """A new feed token for `user`, revoking the one they had, its events in `language` (one of
    settings.LANGUAGES); returns the record and the token text, which is never stored (only its
    SHA-256)."""
    # Lock the user's row so that two creations at once cannot both find no active token.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    for record in FeedToken.objects.filter(user=user, revoked_at__isnull=True):
        revoke_feed(record, actor=actor)
    token = secrets.token_urlsafe(32)
    record = FeedToken(user=user, digest=digest(token), language=language)
    create_record(record, actor=actor)
    return record, token


def feed_for_token(token: str) -> FeedToken | None:
    """The unrevoked feed token of an active user with this text (its user with it), or None."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return FeedToken.objects.active().select_related("user").filter(digest=digest(token)).first()


def revoke_feed(record: FeedToken, *, actor: Any) -> None:
    """Revoke a feed token from now on; the record stays, with who revoked it in its history."""
    if record.revoked_at is not None:
        return
    record.revoked_at = timezone.now()
    try:
        save_versioned(record, expected_version=record.version, actor=actor)
    except EditConflict:
        # Revoked at the same moment elsewhere: revoke what is there now.
        current = FeedToken.objects.get(pk=record.pk)
        if current.revoked_at is None:
            revoke_feed(current, actor=actor)
