"""Letters to the resident, in plain Dutch, rendered once to PDF with WeasyPrint and stored unchanged.

- the decision letter: one template per municipality (profile `besluiten.brieven.<cbs>`), rendered when the decision
  is established (models.Brief), stating the eigen bijdrage of a Wmo maatwerkvoorziening or why none applies;
- the letters about the procedure (intake.models.ResidentLetter, written by intake/duties.py and
  provisions/actions/receipts.py): receipts of a melding, an aanvraag and a bezwaar, and the written report of the
  investigation (Wmo 2015 art. 2.3.2 lid 8).

Amounts read € 1.234,56 and dates 30-11-2026 (`euro`, the `d-m-Y` date filter in the templates).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.utils.translation import gettext

from toegang.core.errors import ValidationFailed

from .codes import EENHEID_NAMES, FREQUENTIE_NAMES, GRONDSLAG, LAW_NAMES

DEFAULT_TEMPLATE = "provisions/letter.html"
# Wmo 2015 art. 2.3.2 lid 3: the resident is pointed to free client support; the profile may name who gives it
# (`besluiten.brieven.<cbs>.clientondersteuning`).
DEFAULT_CLIENT_SUPPORT = ("Een cliëntondersteuner is onafhankelijk van de gemeente. Vraag ons gerust wie dat in uw "
                          "gemeente doet; wij brengen u in contact.")


def letter_settings(gemeente) -> dict:
    defaults = {"afzender": f"Gemeente {gemeente.name}", "adres": "", "telefoon": "", "website": "",
                "ondertekening": f"het college van burgemeester en wethouders van {gemeente.name}",
                "bezwaar_adres": f"het college van burgemeester en wethouders van {gemeente.name}",
                "verordening": "", "clientondersteuning": DEFAULT_CLIENT_SUPPORT}
    configured = (gemeente.profile.data.get("besluiten") or {}).get("brieven", {}).get(gemeente.cbs_code, {})
    return {**defaults, **configured}


def amount_text(volume: int, unit: str, frequency: str) -> str:
    return f"{volume} {EENHEID_NAMES.get(unit, unit)} {FREQUENTIE_NAMES.get(frequency, frequency)}"


def euro(value: Decimal) -> str:
    text = f"{value:,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def current_address(resident):
    """The resident's household's current address, or None."""
    if resident.household_id is None:
        return None
    return resident.household.addresses.filter(valid_until__isnull=True).first()


def _age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def eigen_bijdrage(besluit) -> dict | None:
    """What the decision letter says about the eigen bijdrage: None for a refusal (nothing is granted); otherwise
    {"maand": "€ 21,80", "jaar": "€ 261,60"} when the CAK abonnementstarief applies, {"geen": why} when none
    applies, or {"onbekend": True} for a Wmo provision in a profile without the amount (the CAK sets it).

    Wmo 2015 art. 2.1.4a lid 4: for a maatwerkvoorziening the contribution is at most the abonnementstarief, a fixed
    amount per month for the whole household, levied by the CAK. The profile holds the amount per year
    (`eigen_bijdrage.wmo_abonnementstarief_per_jaar`, indexed every year) and the exemptions the verordening makes
    (`eigen_bijdrage.vrijgesteld`: voorzieningen by code, minors)."""
    if not besluit.granted:
        return None
    indicatie = besluit.indicatie
    voorziening = indicatie.voorziening
    if voorziening.law == "jeugdwet":
        # The Jeugdwet asks no eigen bijdrage for jeugdhulp (the ouderbijdrage was abolished).
        return {"geen": "Voor jeugdhulp betaalt u geen eigen bijdrage."}
    if voorziening.law != "wmo":
        return {"geen": "Voor deze voorziening betaalt u geen eigen bijdrage; de eigen bijdrage van het CAK geldt "
                         "alleen voor voorzieningen uit de Wmo."}
    config = indicatie.gemeente.profile.data.get("eigen_bijdrage") or {}
    exempt = config.get("vrijgesteld") or {}
    if voorziening.code in (exempt.get("voorzieningen") or []):
        return {"geen": f"Voor {voorziening.name.lower()} vraagt de gemeente geen eigen bijdrage."}
    age = _age_on(indicatie.client.geboortedatum, indicatie.start)
    if exempt.get("minderjarigen") and age is not None and age < 18:
        return {"geen": "Voor een voorziening voor een kind onder de 18 jaar vraagt de gemeente geen eigen bijdrage."}
    per_year = config.get("wmo_abonnementstarief_per_jaar")
    if per_year is None:
        return {"onbekend": True}
    per_year = Decimal(str(per_year)).quantize(Decimal("0.01"))
    per_month = (per_year / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"jaar": euro(per_year), "maand": euro(per_month)}


def _render_html(besluit, settings_: dict) -> tuple[str, str]:
    indicatie = besluit.indicatie
    client = indicatie.client
    # the household's address (a single question has no case; the indication knows its household)
    address = indicatie.household.addresses.filter(valid_until__isnull=True).first()
    granted_volume = besluit.granted_volume if besluit.outcome == "deels" else indicatie.volume
    context = {
        "brief": settings_, "besluit": besluit, "indicatie": indicatie, "client": client, "adres": address,
        "aanvraag": indicatie.aanvraag, "wet": LAW_NAMES[indicatie.voorziening.law],
        "grondslag": besluit.legal_ground or GRONDSLAG[indicatie.voorziening.law],
        "gevraagd": amount_text(indicatie.volume, indicatie.unit, indicatie.frequency),
        "toegekend": amount_text(granted_volume, indicatie.unit, indicatie.frequency),
        "vorm": indicatie.get_form_display(), "datum": besluit.established_on or dt.date.today(),
        "vervangt": indicatie.replaces, "eigen_bijdrage": eigen_bijdrage(besluit),
    }
    if settings_.get("sjabloon"):
        # A municipality's own template, usually {% extends "provisions/letter.html" %} with its own blocks. It lies
        # next to the profile file: relative to TOEGANG_PROFILE_DIR, or absolute for a profile loaded from elsewhere
        # (profiles/loader.py _anchor_letter_templates).
        path = Path(settings.TOEGANG_PROFILE_DIR) / settings_["sjabloon"]
        return engines["django"].from_string(path.read_text(encoding="utf-8")).render(context), settings_["sjabloon"]
    return get_template(DEFAULT_TEMPLATE).render(context), DEFAULT_TEMPLATE


def render_pdf(html: str, *, nothing_done: str) -> bytes:
    """The PDF of `html`. Raises ValidationFailed when the PDF cannot be made here (no Pango); `nothing_done` says
    what therefore did not happen."""
    try:
        from weasyprint import HTML  # needs the Pango system library
    except OSError:
        raise ValidationFailed(gettext("De brief kan op deze server niet worden gemaakt: de systeembibliotheek Pango "
                                       "ontbreekt (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
                                       "%(nothing_done)s") % {"nothing_done": nothing_done}) from None
    return HTML(string=html).write_pdf()


def render_letter(besluit) -> tuple[bytes, str]:
    """(pdf bytes, template name) of the decision letter. Raises ValidationFailed when the PDF cannot be made here."""
    html, template = _render_html(besluit, letter_settings(besluit.gemeente))
    return render_pdf(html, nothing_done=gettext("Er is niets besloten.")), template


def render_resident_letter(template: str, context: dict, *, gemeente, recipient) -> tuple[bytes, str]:
    """(pdf bytes, template name) of a letter about the procedure (provisions/letters/*.html, extending
    provisions/resident_letter.html), addressed to `recipient` at their household's current address."""
    html = get_template(template).render({"brief": letter_settings(gemeente), "client": recipient,
                                          "adres": current_address(recipient), **context})
    return render_pdf(html, nothing_done=gettext("Er is niets verzonden.")), template
