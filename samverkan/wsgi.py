import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - configured by the line above

if not settings.DEBUG and not settings.SECRET_KEY_IS_SET:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
