"""Pages that belong to no app: the accessibility statement."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: JSON under /api/ (API clients get JSON whatever address they send), else a page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_("Not found."))}, status=404)
    return render(request, "404.html", status=404)
