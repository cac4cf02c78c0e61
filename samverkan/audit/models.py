"""The base of every record in the register: a version for lost-update checks, and history.

Every concrete model that inherits `Record` gets a historical table (django-simple-history): who
changed what and when, kept in the database. The `version` counts saves; a form carries the
version it was opened at, and `audit.services.save_versioned` refuses a save based on an old one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Record(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
