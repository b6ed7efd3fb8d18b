"""The form renderer (settings FORM_RENDERER; issue 16): Django's, except that the plain widgets — the input types,
textarea and select — are written in Python instead of through a template each. A page with forms spent a fifth to
a quarter of its time rendering `django/forms/widgets/*.html` (every field its input.html and attrs.html, every
option of a select its select_option.html and attrs.html again; docs/performance.md).

The output is the same, byte for byte, as those templates write from the same widget context (Django 5.2's
templates, quoted in each function); tests/test_form_renderer.py renders a form of every kind both ways and compares.
Any other template (forms, fields, error lists, checkbox and radio groups, multi-widgets, a widget with a template
of its own) goes through Django's renderer unchanged."""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# every widget template that is only {% include "django/forms/widgets/input.html" %}
INPUTS = {f"{WIDGETS}{name}.html" for name in ("input", "text", "number", "email", "url", "password", "hidden", "date",
                                                "datetime", "time", "checkbox", "search", "tel", "color", "file")}
SELECT, OPTION, TEXTAREA = f"{WIDGETS}select.html", f"{WIDGETS}select_option.html", f"{WIDGETS}textarea.html"


_CONTEXT = Context()  # autoescape on, the active language's formats: what a widget template is rendered with


def _shown(value) -> str:
    """{{ value }}: localised and escaped as the template engine does it."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}: '%s' % value, escaped unless it was marked safe (the filter keeps safeness)."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    """attrs.html: {% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}{% if value is not
    True %}="{{ value|stringformat:'s' }}"{% endif %}{% endif %}{% endfor %}"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """input.html: <input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}
    value="{{ widget.value|stringformat:'s' }}"{% endif %}{% include "django/forms/widgets/attrs.html" %}>"""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
            f'{_attrs(widget["attrs"])}>')


def _textarea(widget: dict) -> str:
    """textarea.html: <textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>
    (a newline){% if widget.value %}{{ widget.value }}{% endif %}</textarea>"""
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str | None:
    """select.html and select_option.html (each option <option value="{{ widget.value|stringformat:'s' }}"{% include
    attrs.html %}>{{ widget.label }}</option>, on its own line after two spaces and followed by the newline that ends
    select_option.html, in an <optgroup> for a named group); None when an option has a template of its own. (Django's
    renderer strips the whole, not the included options.)"""
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            out.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                       f'{_shown(option["label"])}</option>\n')  # the newline that ends select_option.html
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastWidgets(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in INPUTS:
                return _input(widget)
            if template_name == TEXTAREA:
                return _textarea(widget)
            if template_name == SELECT and (html := _select(widget)) is not None:
                return html
        return super().render(template_name, context, request=request)
