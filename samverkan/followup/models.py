"""The annual follow-up. For now: the leadership dialogues, as dated records (R2, R6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.audit.models import Record
from samverkan.lib.partial_date_fields import PartialDateField


class LeadershipDialogueQuerySet(models.QuerySet):
    def visible_to(self, user) -> LeadershipDialogueQuerySet:
        from samverkan.partnerships.models import Partnership

        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class LeadershipDialogue(Record):
    """The yearly dialogue between the parties' leaderships (ledningsdialog)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="dialogues",
    )
    held_on = PartialDateField(_("held"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The world around, trends, future challenges, adjustments of direction."),
    )

    objects = LeadershipDialogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("leadership dialogue")
        verbose_name_plural = _("leadership dialogues")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title
