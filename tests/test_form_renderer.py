"""The form renderer (toegang.ui.renderers, issue 16) writes the plain widgets in Python: what it writes must be what
Django's widget templates write from the same form, byte for byte, for every kind of field the pages use."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from toegang.accounts.models import Gemeente
from toegang.ui.renderers import FastWidgets


class EveryKind(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=20, help_text="zoals in de BRP")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "data-x": None,
                                                                            "hidden": False, "spellcheck": True}))
    count = forms.IntegerField(min_value=0, max_value=10)
    amount = forms.DecimalField(decimal_places=2, required=False)
    email = forms.EmailField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    time = forms.TimeField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    law = forms.ChoiceField(choices=[("", "—"), ("wmo", "Wmo 2015"), ("jw", gettext_lazy("Jeugdwet"))])
    grouped = forms.ChoiceField(choices=[("Jeugd", [("a", "ambulant <jeugd>"), ("b", "verblijf & zo")]),
                                         ("x", "los")], required=False)
    scale = forms.TypedChoiceField(choices=[(n, n) for n in range(0, 11)], coerce=int, required=False)
    laws = forms.MultipleChoiceField(choices=[("wmo", "Wmo"), ("jw", "Jeugdwet"), ("pw", "Participatiewet")],
                                     required=False)
    unknown = forms.NullBooleanField(required=False)
    upload = forms.FileField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")


DATA = {"name": 'Jan "de" <Vries> & zn', "optional": mark_safe("<b>veilig</b>"), "count": "12", "amount": "1234.5",
        "email": "jan@example.nl", "when": "2026-02-30", "at": "2026-12-03T09:15", "time": "10:00", "secret": "s'cret",
        "version": "3", "agree": "on", "text": "regel 1\n<script>alert(1)</script>", "law": "jw", "grouped": "b",
        "scale": "7", "laws": ["wmo", "pw"], "unknown": "true", "url": "javascript:alert(1)"}
INITIAL = {"when": dt.date(2026, 12, 3), "at": dt.datetime(2026, 12, 3, 9, 15), "amount": 1234.5, "scale": 5,
           "version": 1, "agree": True, "text": "eerder", "laws": ["jw"]}


def rendered(form_class, renderer, **kwargs):
    form = form_class(renderer=renderer, **kwargs)
    return [str(field) for field in form]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kwargs", [{}, {"initial": INITIAL}, {"data": DATA}, {"data": {}}, {"auto_id": "x-%s"}],
                         ids=["blank", "initial", "bound", "empty", "auto_id"])
def test_every_plain_widget_is_written_as_djangos_templates_write_it(kwargs, language):
    with override(language):
        fast, django = rendered(EveryKind, FastWidgets(), **kwargs), rendered(EveryKind, DjangoTemplates(), **kwargs)
    assert fast == django
    assert any("<select" in html for html in fast) and any("<textarea" in html for html in fast)


def test_a_model_choice_field_and_a_disabled_field_are_written_the_same(db):
    class Picker(forms.Form):
        gemeente = forms.ModelChoiceField(queryset=Gemeente.objects.order_by("pk"), empty_label="Kies…")
        fixed = forms.CharField(disabled=True, initial="vast")

    for kwargs in ({}, {"data": {"gemeente": "1"}}):
        assert rendered(Picker, FastWidgets(), **kwargs) == rendered(Picker, DjangoTemplates(), **kwargs)


def test_the_pages_use_it(settings):
    assert settings.FORM_RENDERER == "toegang.ui.renderers.FastWidgets"
