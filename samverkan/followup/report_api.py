"""API of the report."""

urlpatterns: list = []
