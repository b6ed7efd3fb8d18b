"""NL Design System (Utrecht) components as template tags, so domain templates never repeat the markup."""

import datetime as dt
from decimal import Decimal

from django import template
from django.forms import BoundField, CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, Textarea
from django.http import QueryDict
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html, format_html_join, json_script
from django.utils.translation import gettext, gettext_lazy, ngettext

from toegang.deadlines.calendar import Term
from toegang.intake.codes import BRON, KANAAL, LEVENSGEBIEDEN, SETTING, TRIAGE, URGENTIE, WETTEN
from toegang.provisions.codes import PRODUCTCATEGORIE
from toegang.ui.charts import Chart, Table, table_of

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


# --- charts and tables (docs/charts.md): data from toegang.ui.charts, drawn by Chart.js (static/charts.js) from
# JSON that is never executed (json_script; the Content-Security-Policy allows no inline script), each chart with its
# table alternative, every chart and table with its CSV and Excel export (toegang.ui.exports)

SUMMARY_VALUES = 24  # an aria-label names this many values per series; the table alternative holds them all


def cell_text(value, unit: str = "tekst") -> str:
    """A table cell as people read it: 12,5% (a fraction in "procent"), € 2.341,54, 1.234, 30-11-2026, — for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date) or unit == "datum":
        return datum(value)
    if unit == "tekst" or isinstance(value, str) or isinstance(value, bool):
        return str(value)
    if unit == "procent":
        return f"{floatformat(Decimal(str(value)) * 100, '-1g')}%"
    if unit == "euro":
        return euro(value)
    return floatformat(value, "-2g")


def _export_links(context, item) -> dict:
    """The URLs of the CSV and XLSX export of `item`: the page's own query string (its filters) with export=<id>."""
    request = context.get("request")
    urls = {}
    for fmt in ("csv", "xlsx"):
        params = request.GET.copy() if request is not None else QueryDict(mutable=True)
        params["export"] = item.id
        params["formaat"] = fmt
        urls[fmt] = "?" + params.urlencode()
    return urls


def _chart_scripts(context) -> str:
    """Chart.js and charts.js, once per page and only on a page with a chart (deferred: they run in order after
    the page is parsed)."""
    if context.render_context.get("toegang_chart_scripts"):
        return ""
    context.render_context["toegang_chart_scripts"] = True
    return format_html('<script src="{}" defer></script><script src="{}" defer></script>',
                       static("vendor/chartjs/chart.umd.min.js"), static("charts.js"))


def _table_context(context, table: Table, caption_hidden: bool = False, threshold: float | None = None) -> dict:
    units = [table.unit_of(i) for i in range(len(table.columns))]
    marker = ""
    if threshold is not None:
        marker = gettext("op of boven de drempel van %(drempel)s") % {"drempel": _threshold_text(threshold, units[-1])}
    rows = [[{"text": cell_text(value, units[c]), "label": table.columns[c], "numeric": units[c] not in ("tekst",),
              "first": c == 0, "marked": marker if (r, c) in table.marked else ""}
             for c, value in enumerate(row)] for r, row in enumerate(table.rows)]
    headers = [{"text": name, "numeric": unit != "tekst"} for name, unit in zip(table.columns, units, strict=True)]
    return {"table": table, "headers": headers, "rows": rows, "caption_hidden": caption_hidden,
            "urls": _export_links(context, table)}


def _threshold_text(threshold: float, unit: str) -> str:
    return cell_text(threshold, unit if unit in ("procent", "euro") else "aantal")


@register.inclusion_tag("ui/components/data_table.html", takes_context=True)
def data_table(context, table: Table):
    """A toegang.ui.charts.Table in the project's table markup (cards under 48rem, toegang.css), numbers in the
    page's notation, with its CSV and Excel export links."""
    return _table_context(context, table)


@register.inclusion_tag("ui/components/export_links.html", takes_context=True)
def export_links(context, item):
    """Only the CSV and Excel links of a chart or table (a page that keeps its own table markup, e.g. with forms)."""
    return {"item": item, "urls": _export_links(context, item)}


@register.inclusion_tag("ui/components/chart.html", takes_context=True)
def chart(context, chart: Chart):
    """A toegang.ui.charts.Chart: a canvas that charts.js draws with Chart.js from the JSON beside it, a summary
    for screen readers, its definition, the table alternative (readable without JavaScript) and export links."""
    table = table_of(chart)
    data = {"kind": chart.kind, "unit": chart.unit, "title": chart.title, "labels": [str(x) for x in chart.labels],
            "threshold": float(chart.threshold) if chart.threshold is not None else None,
            "series": [{"name": s.name, "values": [None if v is None else float(v) for v in s.values]}
                       for s in chart.series]}
    parts = []
    for series in chart.series:
        values = [f"{label} {cell_text(value, chart.unit)}"
                  for label, value in zip(chart.labels, series.values, strict=True)][:SUMMARY_VALUES]
        more = "; …" if len(series.values) > SUMMARY_VALUES else ""
        parts.append(f"{series.name}: {'; '.join(values)}{more}")
    summary = f"{chart.title}. {'. '.join(parts)}."
    threshold = _threshold_text(chart.threshold, chart.unit) if chart.threshold is not None else ""
    return {**_table_context(context, table, caption_hidden=True, threshold=chart.threshold), "chart": chart,
            "data": json_script(data, f"{chart.id}-gegevens"), "summary": summary, "threshold": threshold,
            "scripts": _chart_scripts(context)}


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

