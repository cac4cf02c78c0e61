"""The benchmark server's URLs: Samverkan's own, unchanged, and two of the bench's.

- `/bench/trivial`: the floor of every page, a view that answers a few bytes of text (its
  worker's process id, by which the runner tells when every worker is free) without touching
  the database, through the same middleware and server as the pages.
- `/bench/admin/`: the baseline a plain Django installation gives, an admin site of its own
  that registers `Activity` with a default `ModelAdmin` (no list_display, no filters, no
  tuning), so its changelist is Django's default list of the same rows.
"""

import os

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from samverkan.activities.models import Activity

baseline_admin = admin.AdminSite(name="bench_admin")
baseline_admin.register(Activity)


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(os.getpid()), content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial, name="bench-trivial"),
    path("bench/admin/", baseline_admin.urls),
    path("", include("samverkan.urls")),
]

handler404 = "samverkan.pages.not_found"
