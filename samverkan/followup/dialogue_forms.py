"""The form of a leadership dialogue, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from samverkan.audit.forms import RecordForm
from samverkan.partnerships.models import Partnership

from .models import LeadershipDialogue


class DialogueForm(RecordForm):
    parent_fields = ("partnership",)

    class Meta:
        model = LeadershipDialogue
        fields = ["held_on", "title", "summary"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
