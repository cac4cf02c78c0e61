"""Page URLs of the compliance, under a partnership (namespace `partnerships`)."""

urlpatterns: list = []
