"""Page URLs of innovation support (namespace `innovation`): each part keeps its own module."""

from . import case_urls, figures_urls, office_urls

app_name = "innovation"

urlpatterns = office_urls.urlpatterns + case_urls.urlpatterns + figures_urls.urlpatterns
