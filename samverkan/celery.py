"""The Celery application: Redis as the broker in production, beat for the daily reminders.

With no broker configured (the embedded default) tasks run eagerly in-process
(`CELERY_TASK_ALWAYS_EAGER`); cron can then drive the daily pass with `manage.py send_reminders`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

app = Celery("samverkan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
