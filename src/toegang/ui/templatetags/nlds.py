"""NL Design System (Utrecht) components as template tags, so domain templates never repeat the markup."""

import datetime as dt

from django import template
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, Textarea
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext

from toegang.deadlines.calendar import Term
from toegang.intake.codes import BRON, KANAAL, LEVENSGEBIEDEN, SETTING, TRIAGE, URGENTIE, WETTEN
from toegang.provisions.codes import PRODUCTCATEGORIE

register = template.Library()


def _optional(field) -> str:
    """" (optioneel)" after the label of a field that may stay empty; not when the form (or the field) says the
    rule is elsewhere (e.g. "at least one of these", or a field the action requires but the form does not)."""
    if field.field.required or not getattr(field.field, "mark_optional", getattr(field.form, "mark_optional", True)):
        return ""
    return gettext(" (optioneel)")


@register.simple_tag
def form_field(field: BoundField, description: str = ""):
    """A labelled form field with description and error message, accessible (aria-describedby, aria-invalid)."""
    widget = field.field.widget
    if isinstance(widget, CheckboxSelectMultiple | RadioSelect):
        return _checkbox_group(field, description)
    invalid = bool(field.errors)
    describedby = []
    if description or field.help_text:
        describedby.append(f"{field.auto_id}-beschrijving")
    if invalid:
        describedby.append(f"{field.auto_id}-fout")
    if isinstance(widget, CheckboxInput):
        css = "utrecht-checkbox utrecht-checkbox--html-input"
    elif isinstance(widget, Select):
        css = "utrecht-select utrecht-select--html-select"
    elif isinstance(widget, Textarea):
        css = "utrecht-textarea utrecht-textarea--html-textarea"
    else:
        css = "utrecht-textbox utrecht-textbox--html-input"
    if invalid:
        css += " utrecht-textbox--invalid" if "textbox" in css else ""
    attrs = {"class": css}
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if invalid:
        attrs["aria-invalid"] = "true"
    rendered = field.as_widget(attrs=attrs)
    label = format_html('<label class="utrecht-form-label" for="{}">{}{}</label>', field.id_for_label, field.label,
                        _optional(field))
    desc = ""
    if description or field.help_text:
        desc = format_html('<div class="utrecht-form-field-description" id="{}-beschrijving">{}</div>', field.auto_id,
                           description or field.help_text)
    errors = ""
    if invalid:
        errors = format_html(
            '<div class="utrecht-form-field-error-message" id="{}-fout">{}</div>', field.auto_id,
            format_html_join(" ", "{}", ((e,) for e in field.errors)),
        )
    kind = "checkbox" if isinstance(widget, CheckboxInput) else "text"
    if kind == "checkbox":
        return format_html('<div class="utrecht-form-field utrecht-form-field--checkbox{}">{} {}{}{}</div>',
                           " utrecht-form-field--invalid" if invalid else "", rendered, label, desc, errors)
    return format_html('<div class="utrecht-form-field{}">{}{}{}{}</div>',
                       " utrecht-form-field--invalid" if invalid else "", label, desc, errors, rendered)


@register.simple_tag
def form_errors(form):
    """Errors that belong to the whole form, as an Utrecht alert."""
    errors = form.non_field_errors()
    if not errors:
        return ""
    return format_html(
        '<div class="utrecht-alert utrecht-alert--error" role="alert">{}</div>',
        format_html_join("", '<p class="utrecht-paragraph">{}</p>', ((e,) for e in errors)),
    )


@register.inclusion_tag("ui/components/pagination.html", takes_context=True)
def pagination(context, page_number: int, has_more: bool):
    request = context["request"]
    params = request.GET.copy()
    prev_url = next_url = None
    if page_number > 1:
        params["pagina"] = page_number - 1
        prev_url = "?" + params.urlencode()
    if has_more:
        params["pagina"] = page_number + 1
        next_url = "?" + params.urlencode()
    return {"prev_url": prev_url, "next_url": next_url, "page_number": page_number}


BADGE = {
    # status or light -> (Utrecht status-badge modifier, Dutch label)
    "verlopen": ("danger", gettext_lazy("verlopen")), "rood": ("danger", gettext_lazy("verlopen")),
    "bijna": ("warning", gettext_lazy("loopt bijna af")), "oranje": ("warning", gettext_lazy("loopt bijna af")),
    "ok": ("success", gettext_lazy("op tijd")), "groen": ("success", gettext_lazy("op tijd")),
    "opgeschort": ("neutral", gettext_lazy("opgeschort")), "grijs": ("neutral", gettext_lazy("opgeschort")),
    "op-tijd-afgerond": ("success", gettext_lazy("afgerond op tijd")),
    "te-laat-afgerond": ("danger", gettext_lazy("afgerond te laat")),
}


@register.simple_tag
def status_badge(status: str):
    """A traffic light with its words (never colour alone, WCAG 1.4.1)."""
    if not status:
        return ""
    modifier, label = BADGE.get(status, ("neutral", status))
    return format_html('<span class="utrecht-status-badge utrecht-status-badge--{}">{}</span>', modifier, label)


def _checkbox_group(field: BoundField, description: str = ""):
    """A group of checkboxes (or radio buttons) as a fieldset with a legend (WCAG 1.3.1), one labelled control per
    option."""
    field.field.widget.attrs["class"] = ("utrecht-radio-button utrecht-radio-button--html-input"
                                         # CheckboxSelectMultiple is a subclass of RadioSelect: ask for it first
                                         if not isinstance(field.field.widget, CheckboxSelectMultiple)
                                         else "utrecht-checkbox utrecht-checkbox--html-input")
    options = format_html_join(
        "",
        '<div class="utrecht-form-field utrecht-form-field--checkbox">{} <label class="utrecht-form-label '
        'utrecht-form-label--checkbox" for="{}">{}</label></div>',
        ((option.tag(), option.id_for_label, option.choice_label) for option in field.subwidgets),
    )
    errors = format_html('<div class="utrecht-form-field-error-message" id="{}-fout">{}</div>', field.auto_id,
                         format_html_join(" ", "{}", ((e,) for e in field.errors))) if field.errors else ""
    optional = _optional(field)
    return format_html(
        '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset toegang-options" id="{}"{}>'
        '<legend class="utrecht-form-fieldset__legend">{}{}</legend>{}{}{}</fieldset>',
        field.auto_id, format_html(' aria-describedby="{}-fout"', field.auto_id) if field.errors else "",
        field.label, optional, format_html('<div class="utrecht-form-field-description">{}</div>', description)
        if description else "", errors, options,
    )


@register.inclusion_tag("ui/components/score_chart.html")
def score_chart(series: dict, levels: dict):
    """A line chart of average self-reliance (1–5) over time per person, as inline SVG with a text alternative;
    the numbers themselves are in the table next to it. series: {name: [(date, average), ...]}."""
    width, height, left, top, bottom = 400, 220, 30, 10, 30  # about its own size on a phone
    points = [d for values in series.values() for d, _ in values]
    if not points:
        return {"empty": True}
    first, last = min(points), max(points)
    span = max((last - first).days, 1)

    def x(day):
        return left + (width - left - 10) * ((day - first).days / span if last != first else 0.5)

    def y(level):
        return top + (height - top - bottom) * (5 - level) / 4

    # the legend's colours are the classes toegang-legend--0..3 in toegang.css (no inline style: docs/security.md)
    colours = ["#24578f", "#a4161a", "#2f6b1f", "#8a4500"]
    lines = []
    for index, (name, values) in enumerate(series.items()):
        coords = [(round(x(d), 1), round(y(v), 1)) for d, v in values if v is not None]
        lines.append({"name": name, "colour": colours[index % len(colours)], "series": index % len(colours),
                      "points": " ".join(f"{a},{b}" for a, b in coords), "dots": coords,
                      # a mean in the page's notation (2,5), never Python's (2.5); in Dutch the decimal comma
                      # needs another separator between the measurements
                      "summary": "; ".join(f"{d:%d-%m-%Y}: {floatformat(v, 1) if v is not None else '—'}"
                                           for d, v in values)})
    grid = [{"level": level, "label": label, "y": round(y(level), 1)} for level, label in sorted(levels.items())]
    return {"empty": False, "width": width, "height": height, "left": left, "lines": lines, "grid": grid,
            "first": first, "last": last, "bottom": height - 8}


@register.inclusion_tag("ui/components/share_chart.html")
def share_chart(rows, chart_id: str, label: str, warn: float = 0.7):
    """Horizontal bars of a share (committed ÷ budget or ceiling), with a line at the warning threshold; every bar
    also says its percentage in words, and bars at or over the threshold are marked (never colour alone)."""
    # Narrow enough to be read on a phone (drawn at about its own size in 375 px): each name on its own line above
    # its bar, not beside it.
    width, bar, name_height, gap, left = 400, 16, 16, 10, 0
    scale_max = max([1.0] + [float(share) for _, share in rows])
    usable = width - left - 60
    row = name_height + bar + gap
    items = []
    for index, (name, share) in enumerate(rows):
        value = float(share)
        w = round(usable * min(value, scale_max) / scale_max, 1)
        top = index * row
        items.append({"name": name, "y": top + name_height, "w": w, "tx": round(left + w + 6, 1),
                      "pct": f"{value * 100:.0f}%", "warn": value >= warn, "ty": top + name_height + bar - 3,
                      "ny": top + name_height - 4})
    height = max(len(items), 1) * row
    return {"items": items, "width": width, "height": height, "left": left, "bar": bar, "label": label, "id": chart_id,
            "warn_x": round(left + usable * warn / scale_max, 1), "warn_pct": f"{warn * 100:.0f}%",
            "full_x": round(left + usable / scale_max, 1)}


@register.simple_tag(takes_context=True)
def error_summary(context):
    """The error summary at the top of a page that came back with invalid input (toegang.ui.posting): a heading
    and one link per error to its field; focus moves here (toegang.js), so a screen reader reads it first."""
    request = context.get("request")
    forms = getattr(request, "toegang_invalid_forms", None) if request is not None else None
    if not forms:
        return ""
    items = []
    for form in forms:
        for error in form.non_field_errors():
            items.append(format_html("<li>{}</li>", error))
        for name, errors in form.errors.items():
            if name == "__all__" or name not in form.fields:
                continue
            bound = form[name]
            if bound.is_hidden:  # nothing the user can correct: the page was old or tampered with
                items.append(format_html("<li>{}</li>", gettext("Het formulier mist gegevens van de pagina; laad de "
                                                                "pagina opnieuw en vul het nog eens in.")))
                continue
            label = str(bound.label)
            # a label that is a question ("Waarom volstaat het netwerk niet?") takes no colon after it
            joined = "{} {}" if label.rstrip().endswith(("?", ":", "!")) else "{}: {}"
            for error in errors:
                items.append(format_html('<li><a class="utrecht-link" href="#{}">' + joined + '</a></li>',
                                         bound.id_for_label or bound.auto_id, label, error))
    return format_html(
        '<div class="utrecht-alert utrecht-alert--error toegang-error-summary" role="alert" tabindex="-1" '
        'id="foutoverzicht" aria-labelledby="foutoverzicht-kop"><h2 class="utrecht-heading-2" id="foutoverzicht-kop">'
        '{}</h2><ul class="utrecht-unordered-list">{}</ul></div>',
        (gettext("Dit is niet opgeslagen") if getattr(request, "toegang_conflict", False)
         else gettext("Er is iets niet goed ingevuld") if len(items) != 1 else gettext("Eén ding is niet goed ingevuld")),
        format_html_join("", "{}", ((item,) for item in items)),
    )


@register.filter
def datum(value) -> str:
    """A date as dd-mm-jjjj, also when it is stored as an ISO string (e.g. in a JSON field); never the ISO form."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d-%m-%Y") if value else ""


@register.filter
def moment(value) -> str:
    """A moment (a crisis clock's due moment) in Dutch time: 'vandaag 16:30' today, else '30-11-2026 16:30'."""
    if not value:
        return ""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return gettext("vandaag %(tijd)s") % {"tijd": local.strftime("%H:%M")}
    return local.strftime("%d-%m-%Y %H:%M")


@register.filter
def termijn(code) -> str:
    """A clock's term in words in the page's language: '2wd' → '2 werkdagen', '48u' → '48 uur', '6w' → '6 weken'
    (never the code). The stored code and what the clock logs stay as they are (core/words.py)."""
    if not code:
        return ""
    try:
        term = Term.parse(str(code))
    except ValueError:
        return str(code)
    n = term.amount
    if term.unit == "wd":
        words = ngettext("%(n)d werkdag", "%(n)d werkdagen", n)
    elif term.unit == "w":
        words = ngettext("%(n)d week", "%(n)d weken", n)
    elif term.unit == "u":
        words = ngettext("%(n)d uur", "%(n)d uur", n)
    else:
        words = ngettext("%(n)d dag", "%(n)d dagen", n)
    return words % {"n": n}


# --- codes as words (issue 11, point 8): a person reads the label of a code list or the profile's name, never the code

CODE_LISTS = {"wet": dict(WETTEN), "levensgebied": dict(LEVENSGEBIEDEN), "setting": dict(SETTING),
              "bron": dict(BRON), "kanaal": dict(KANAAL), "triage": dict(TRIAGE), "urgentie": dict(URGENTIE)}


@register.filter
def label_of(code, code_list: str) -> str:
    """The label of `code` in one of the front door's code lists ('wet', 'levensgebied', 'setting', 'bron',
    'kanaal', 'triage', 'urgentie'): `{{ melding.setting|label_of:"setting" }}`."""
    if code in (None, ""):
        return ""
    label = CODE_LISTS[code_list].get(code)
    return code if label is None else gettext(label)  # Toegang's own lists are in the catalogue (core/words.py)


@register.filter
def law_names(codes) -> str:
    """['jeugdwet', 'wmo'] → 'Jeugdwet, Wmo 2015'."""
    return ", ".join(label_of(code, "wet") for code in codes or ())


@register.filter
def domain_names(codes) -> str:
    """['financien', 'iadl'] → 'financiën, instrumentele ADL' (the ZRM life domains)."""
    return ", ".join(label_of(code, "levensgebied") for code in codes or ())


# Rules the routing applies itself when no rule of the profile matched (intake/routing.py), or a person chose
ROUTING_RULES = {"wijk": gettext_lazy("team van de wijk"), "handmatig": gettext_lazy("met de hand gerouteerd")}


@register.filter
def routing_rule(melding) -> str:
    """The name of the rule that routed the melding: the profile's name of its rule (`routering:`), or what the
    routing did itself; the code only for a rule the profile no longer has."""
    code = melding.routing_rule
    if not code:
        return ""
    if code in ROUTING_RULES:
        return str(ROUTING_RULES[code])
    rules = melding.gemeente.profile.data.get("routering", [])
    return next((rule["naam"] for rule in rules if rule["code"] == code), code)


def category_name(law: str, code: str) -> str:
    """A product category (iJw/iWmo code list) by its name with the code people know it by: 'Jeugdhulp verblijf
    (incl. behandeling) (43)'; a category of the municipality's own (Participatiewet) has only its code."""
    name = PRODUCTCATEGORIE.get(law, {}).get(code)
    return f"{name} ({code})" if name else code


@register.filter
def productcategorie(code, law) -> str:
    """`{{ budget.category|productcategorie:budget.law }}`: the category's name and code."""
    return category_name(law, code) if code else ""


@register.filter
def euro(value) -> str:
    """An amount as '€ 2.341,54': thousands grouped, two decimals, in the notation of the page's language."""
    if value is None or value == "":
        return ""
    return f"€ {floatformat(value, '2g')}"

