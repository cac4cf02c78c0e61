"""API of the compliance."""

urlpatterns: list = []
