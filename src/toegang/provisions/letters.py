"""The decision letter: plain Dutch, one template per municipality (profile `besluiten.brieven.<cbs>`), rendered
once to PDF with WeasyPrint when the decision is established and stored unchanged (models.Brief)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.loader import get_template

from toegang.core.errors import ValidationFailed

from .codes import EENHEID_NAMES, FREQUENTIE_NAMES, GRONDSLAG, LAW_NAMES

DEFAULT_TEMPLATE = "provisions/letter.html"


def letter_settings(gemeente) -> dict:
    defaults = {"afzender": f"Gemeente {gemeente.name}", "adres": "", "telefoon": "", "website": "",
                "ondertekening": f"het college van burgemeester en wethouders van {gemeente.name}",
                "bezwaar_adres": f"het college van burgemeester en wethouders van {gemeente.name}",
                "verordening": ""}
    configured = (gemeente.profile.data.get("besluiten") or {}).get("brieven", {}).get(gemeente.cbs_code, {})
    return {**defaults, **configured}


def amount_text(volume: int, unit: str, frequency: str) -> str:
    return f"{volume} {EENHEID_NAMES.get(unit, unit)} {FREQUENTIE_NAMES.get(frequency, frequency)}"


def _render_html(besluit, settings_: dict) -> tuple[str, str]:
    indicatie = besluit.indicatie
    client = indicatie.client
    address = indicatie.casus.household.addresses.filter(valid_until__isnull=True).first()
    granted_volume = besluit.granted_volume if besluit.outcome == "deels" else indicatie.volume
    context = {
        "brief": settings_, "besluit": besluit, "indicatie": indicatie, "client": client, "adres": address,
        "aanvraag": indicatie.aanvraag, "wet": LAW_NAMES[indicatie.voorziening.law],
        "grondslag": besluit.legal_ground or GRONDSLAG[indicatie.voorziening.law],
        "gevraagd": amount_text(indicatie.volume, indicatie.unit, indicatie.frequency),
        "toegekend": amount_text(granted_volume, indicatie.unit, indicatie.frequency),
        "vorm": indicatie.get_form_display(), "datum": besluit.established_on or dt.date.today(),
        "vervangt": indicatie.replaces,
    }
    if settings_.get("sjabloon"):
        # A municipality's own template, usually {% extends "provisions/letter.html" %} with its own blocks.
        path = Path(settings.TOEGANG_PROFILE_DIR) / settings_["sjabloon"]
        return engines["django"].from_string(path.read_text(encoding="utf-8")).render(context), settings_["sjabloon"]
    return get_template(DEFAULT_TEMPLATE).render(context), DEFAULT_TEMPLATE


def render_letter(besluit) -> tuple[bytes, str]:
    """(pdf bytes, template name). Raises ValidationFailed when the PDF cannot be made here (no Pango)."""
    html, template = _render_html(besluit, letter_settings(besluit.gemeente))
    try:
        from weasyprint import HTML  # needs the Pango system library
    except OSError:
        raise ValidationFailed("De besluitbrief kan op deze server niet worden gemaakt: de systeembibliotheek "
                               "Pango ontbreekt (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
                               "Er is niets besloten.") from None
    return HTML(string=html).write_pdf(), template


def euro(value: Decimal) -> str:
    text = f"{value:,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")
