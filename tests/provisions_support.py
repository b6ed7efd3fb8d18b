"""Building blocks for the provisions tests: a household with a case, a director and a plan goal."""

import datetime as dt
import io

from toegang.accounts.models import Gemeente, Organisatie
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.intake.actions import MeldingData, check_register_melding, check_triage_melding
from toegang.plans import actions as plan_actions
from toegang.provisions.actions import IndicationData
from toegang.provisions.models import Product, Voorziening

from .factories import HouseholdFactory, ResidentFactory

TODAY = dt.date.today()


def case_with_goal(director, *, gemeente_cbs="9901", wijk=None, postcode="9902AB"):
    """(casus, mother, child, goal id): a household of two with a case directed by `director` and one plan goal."""
    gemeente = Gemeente.objects.get(cbs_code=gemeente_cbs)
    extra = {} if gemeente_cbs == "9901" else {"wijk": wijk or gemeente.wijken.order_by("code").first(),
                                               "postcode": postcode, "woonplaats": gemeente.name}
    household = HouseholdFactory(gemeente=gemeente, **extra)
    mother = ResidentFactory(household=household, geboortedatum=dt.date(1986, 5, 1))
    child = ResidentFactory(household=household, geboortedatum=dt.date(2014, 9, 9))
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente,
                                        data=MeldingData(question="Het gaat niet goed thuis", channel="balie",
                                                         source="zelf"), persons=[mother])
    casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="meerdere vragen").casus
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=director)
    version = plan_actions.check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="huiselijke-relaties",
                                          description="Rust en structuur thuis", desired_result="minder ruzie",
                                          measure="", target_date=TODAY + dt.timedelta(days=120))
    return casus, mother, child, version.content["goals"][0]["id"]


def data(code: str, client, goal_id: str, **overrides) -> IndicationData:
    """An indication for product `code` that is correct unless overridden."""
    product = Product.objects.select_related("voorziening").get(code=code, voorziening__profile__gemeenten=client.gemeente)
    provider = Organisatie.objects.filter(contracts__products=product).first()
    values = {"voorziening": product.voorziening, "product": product, "client": client, "volume": 3,
              "frequency": product.frequency, "start": TODAY, "end": TODAY + dt.timedelta(days=181), "form": "zin",
              "provider": provider, "goal_ids": [goal_id], "motivation": "Moeder loopt vast in de opvoeding.",
              "considered": list(Voorziening.objects.filter(kind="algemeen", profile=product.voorziening.profile)[:1]),
              "own_strength": "Moeder wil graag en houdt afspraken aan.",
              "network": "Oma helpt twee middagen; meer kan niet.",
              "why_not_enough": "Het opvoedspreekuur is geprobeerd; de problemen zijn te groot voor licht advies."}
    values.update(overrides)
    return IndicationData(**values)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
