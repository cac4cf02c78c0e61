"""Selects in our forms render in Python (audit.forms.CompactSelectMixin): the HTML must be
Django's own, option for option, with groups, the selected options and escaping."""

from __future__ import annotations

import re

from django import forms

from samverkan.audit.forms import CompactSelect, CompactSelectMultiple, StyledForm

CHOICES = [
    ("", "All"),
    ("KTH", [(1, "Arkitektur & <samhällsbyggnad>"), (2, 'Teknik "och" hälsa')]),
    ("Stockholms stad", [(3, "Stadsbyggnadskontoret")]),
    (4, "Utan grupp"),
]


def _same(compact: str, django: str) -> None:
    """Equal but for the whitespace between tags (Django's templates leave line breaks)."""

    def squeeze(html: str) -> str:
        return re.sub(r">\s+<", "><", html.strip())

    assert squeeze(compact) == squeeze(django)


def test_a_select_renders_as_djangos_own():
    attrs = {"id": "id_unit", "class": "form-select", "aria-invalid": "true", "disabled": True}
    for value in (None, "", 2, "4"):
        compact = CompactSelect(choices=CHOICES).render("unit", value, attrs=attrs)
        django = forms.Select(choices=CHOICES).render("unit", value, attrs=attrs)
        _same(compact, django)
    html = CompactSelect(choices=CHOICES).render("unit", 2)
    assert '<option value="2" selected>Teknik &quot;och&quot; hälsa</option>' in html
    assert "Arkitektur &amp; &lt;samhällsbyggnad&gt;" in html
    assert '<optgroup label="KTH">' in html


def test_a_multiple_select_renders_as_djangos_own():
    compact = CompactSelectMultiple(choices=CHOICES).render("units", [1, 3])
    django = forms.SelectMultiple(choices=CHOICES).render("units", [1, 3])
    _same(compact, django)
    assert compact.count(" selected") == 2 and " multiple" in compact


def test_our_forms_use_it_and_leave_other_widgets_alone():
    class Form(StyledForm):
        one = forms.ChoiceField(choices=[(1, "a")])
        many = forms.MultipleChoiceField(choices=[(1, "a")])
        radio = forms.ChoiceField(choices=[(1, "a")], widget=forms.RadioSelect)

    form = Form()
    assert type(form.fields["one"].widget) is CompactSelect
    assert type(form.fields["many"].widget) is CompactSelectMultiple
    assert type(form.fields["radio"].widget) is forms.RadioSelect
    assert 'class="form-select"' in str(form["one"])
