"""The address a login attempt came from, for the lockout of failed logins (django-axes)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXIES reverse proxies the address the outermost of
    them saw, read from the right of X-Forwarded-For (what a client writes on the left is not
    to be trusted). Without this, every client behind a proxy would share one lockout.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
