"""The one exception type that services raise when a domain rule refuses an action."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused the action; nothing was saved.

    `message` is translatable text for the person who asked; `field` names the form field it
    belongs to, where there is one.
    """

    def __init__(self, message: Any, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
