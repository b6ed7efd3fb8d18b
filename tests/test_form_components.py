"""Form components of ui/templatetags/nlds.py: the error summary at the top of a page that came back (ui/posting.py)
links every error to an element of the page, an error the user cannot correct (a hidden field of an old page) says
what to do instead of naming the field, and a multiple choice looks like checkboxes (issue 11, point 7)."""

import re

from django import forms
from django.template import Context, Template
from django.test import RequestFactory


class DecisionLike(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=[("toegekend", "toegekend"), ("afgewezen", "afgewezen")],
                                widget=forms.RadioSelect, label="Besluit")
    reasons = forms.CharField(label="Motivering")


def _render(form, conflict=False):
    request = RequestFactory().post("/")
    request.toegang_invalid_forms = [form]
    request.toegang_conflict = conflict
    template = Template("{% load nlds %}{% error_summary %}{% form_field form.outcome %}{% form_field form.reasons %}")
    return template.render(Context({"request": request, "form": form}))


def test_every_summary_link_lands_on_the_field_and_a_hidden_field_says_reload():
    form = DecisionLike({"reasons": ""}, auto_id="besluit-%s")
    assert not form.is_valid()
    html = _render(form)
    targets = re.findall(r'href="#([^"]+)"', html)
    assert targets and all(f'id="{target}"' in html for target in targets), targets
    assert "laad de pagina opnieuw" in html and "Version" not in html
    assert "Er is iets niet goed ingevuld" in html


def test_a_refusal_because_of_the_state_is_headed_not_saved():
    form = DecisionLike({"version": "1", "outcome": "toegekend", "reasons": "nodig"}, auto_id="besluit-%s")
    assert form.is_valid()
    form.add_error(None, "Iemand anders heeft dit intussen gewijzigd.")
    html = _render(form, conflict=True)
    assert "Dit is niet opgeslagen" in html and "Iemand anders heeft dit intussen gewijzigd." in html


def test_a_multiple_choice_renders_checkboxes_and_a_single_choice_radio_buttons():
    class Choices(forms.Form):
        laws = forms.MultipleChoiceField(choices=[("wmo", "Wmo"), ("jeugdwet", "Jeugdwet")],
                                         widget=forms.CheckboxSelectMultiple, label="Wetten")
        outcome = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, label="Uitkomst")

    form = Choices(auto_id="k-%s")
    html = Template("{% load nlds %}{% form_field form.laws %}|{% form_field form.outcome %}").render(
        Context({"form": form}))
    laws, outcome = html.split("|")
    assert 'type="checkbox"' in laws and "utrecht-checkbox" in laws and "radio" not in laws
    assert 'type="radio"' in outcome and "utrecht-radio-button" in outcome
