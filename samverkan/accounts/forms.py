from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.audit.forms import StyledForm


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example 'Diarium integration'."),
    )
