"""Creating, checking and revoking personal API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import EditConflict, create_record, save_versioned

from .models import ApiToken, User

TOKEN_PREFIX = "svk_"  # noqa: S105 - the public prefix of every token, not a secret
# Writing "last used" on every request would turn each read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, user: User, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the token text, which is never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=name, prefix=token[:12], key_hash=_digest(token))
    create_record(record, actor=actor)
    return record, token


def user_for_token(token: str) -> User | None:
    """The active user an active token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        ApiToken.objects.active().select_related("user").filter(key_hash=_digest(token)).first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def revoke_token(record: ApiToken, *, actor: Any) -> None:
    """Revoke a token from now on; the record stays, with who revoked it in its history."""
    if record.revoked_at is not None:
        return
    record.revoked_at = timezone.now()
    try:
        save_versioned(record, expected_version=record.version, actor=actor)
    except EditConflict:
        # Revoked (or renamed) at the same moment elsewhere: revoke what is there now.
        current = ApiToken.objects.get(pk=record.pk)
        if current.revoked_at is None:
            revoke_token(current, actor=actor)
