"""Settings of the benchmark's server: Samverkan's own, production-like, plus the bench's URLs.

The runner (bench/run.py) starts gunicorn with DEBUG off, a random SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1 and BEHIND_PROXY=1 in the environment, and the load generator sends
`X-Forwarded-Proto: https` as the TLS-terminating proxy of docs/operations.md does: the HTTPS
redirect, HSTS and the `Secure` cookies stay exactly as in production. Only what follows
differs, each for a stated reason.
"""

import os

from samverkan.settings import *  # noqa: F403
from samverkan.settings import BASE_DIR, REST_FRAMEWORK, STORAGES

# The real URLs, plus the floor (a trivial view) and the baseline (a default Django admin).
ROOT_URLCONF = "bench.urls"

# The manifest of hashed static names, as in production, in a directory of the run's own.
# Django's ManifestStaticFilesStorage is what WhiteNoise's production storage extends: pages
# look names up in the same manifest; only the compressed copies (for serving the files
# themselves, which no measurement requests) are left out, which saves a minute per run.
STATIC_ROOT = os.environ.get(
    "SAMVERKAN_BENCH_STATIC_ROOT", str(BASE_DIR / "var" / "bench" / "static")
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# One user loading one page for seconds exceeds the production allowance (5000 an hour) at
# once and would be answered 429. The throttles still run, and do the same work per request
# (one cache read and write), over a one-second window instead of an hour.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/s", "user": "1000000/s"},
}
