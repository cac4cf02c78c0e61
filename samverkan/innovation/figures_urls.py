"""Page URLs: the figures of an innovation network (namespace `innovation`)."""

from django.urls import path

from . import figures_views

urlpatterns = [
    path("networks/<id:network_pk>/figures/", figures_views.figures_page, name="figures"),
]
