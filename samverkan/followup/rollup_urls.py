"""URLs of the roll-up of partnerships (namespace `rollup:`), under /reports/."""

from django.urls import path

from . import rollup_views

app_name = "rollup"

urlpatterns = [
    path("", rollup_views.rollup_latest, name="latest"),
    path("<int:year>/", rollup_views.rollup, name="year"),
]
