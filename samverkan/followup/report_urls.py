"""Page URLs of the report, under a partnership (namespace `partnerships`)."""

urlpatterns: list = []
