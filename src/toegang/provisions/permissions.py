"""Who may do what with provisions: the one place actions, views, templates and the API ask (STYLE.md, permission
rooms).

A mandate (profile data, provisions.mandates) says what someone may do with a kind of provision; a capability
(accounts.capabilities) what they may do in a gemeente; what they may *see* is provisions.queries (indication_scope,
besluit_scope). Holding a mandate never widens what someone sees.
"""

from __future__ import annotations

from django.utils.translation import gettext

from toegang.accounts.capabilities import CASES_DIRECT, CONFIG_MANAGE, FINANCE_VIEW
from toegang.cases.models import Casus
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.intake.models import Melding

from . import mandates, queries
from .models import Besluit, Indicatie, MandateGroup

# BUCH seed 001 §4.2: "Bij enkelvoudige vragen worden de processtappen 2, 3 en 4 in elkaar geschoven en wordt er,
# indien nodig, direct een maatwerkvoorziening ingezet": the triage outcome that allows a provision without a case.
SINGLE_QUESTION = "enkelvoudig"


def can_edit_catalogue(actor: Actor, profile) -> bool:
    """Functional administration (config.manage) in one of the gemeenten that use `profile`: the catalogue
    (provisions, products, tariffs, contracts) belongs to the profile, so the right in a gemeente with another
    profile does not reach it. One query, none when the actor has the right nowhere."""
    if actor.is_system:
        return True
    mine = actor.gemeenten_with(CONFIG_MANAGE)
    return bool(mine) and profile.gemeenten.filter(pk__in=mine).exists()


def can_import_catalogue(actor: Actor) -> bool:
    """Before a catalogue file says which profile it is for: functional administration in some gemeente (the
    import then needs can_edit_catalogue for the file's profile)."""
    return actor.can_anywhere(CONFIG_MANAGE)


def can_edit_any_catalogue(actor: Actor) -> bool:
    """Functional administration in some gemeente: pages listing several profiles' catalogues or contracts offer
    the edit forms; each change then needs can_edit_catalogue for the profile it touches."""
    return actor.can_anywhere(CONFIG_MANAGE)


def require_catalogue_editor(actor: Actor, profile) -> None:
    """can_edit_catalogue, or 403. Pages check it before the form, so someone without the right gets 403 whatever
    they posted."""
    if not can_edit_catalogue(actor, profile):
        raise NotAllowed(gettext("Alleen functioneel beheer van deze gemeente(n) wijzigt de catalogus."))


def gemeenten_with_finance(actor: Actor) -> list[int]:
    """The gemeenten whose budgets and contract ceilings the actor sees (finance.view)."""
    return actor.gemeenten_with(FINANCE_VIEW)


def has_decision_work(actor: Actor) -> bool:
    """Holds a task of the decision worklist (indicatie, beschikking or administratieve verwerking) for some kind of
    provision in one of their gemeenten: the menu offers 'Besluiten' only then (a balie, policy, privacy or
    functional management role would find an empty list and "geen mandaat"). One query."""
    return bool(queries.mandate_pairs(actor, queries.WORKLIST_TASKS))


def can_register_bezwaar(actor: Actor, besluit: Besluit) -> bool:
    """Whoever decides (task 'beschikking') or does the administrative processing (task 'administratieve
    verwerking') of this kind of provision in the decision's gemeente registers an objection against it."""
    group = besluit.indicatie.voorziening.mandate_group
    return any(mandates.holds(actor, besluit.gemeente_id, group, task)
               for task in ("beschikking", "administratieve-verwerking"))


def require_open_case(casus: Casus, what: str) -> None:
    """Nothing about provisions starts or changes on a closed case; `what` names what the user tried (in the page's
    language: the caller passes it through gettext)."""
    if casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationFailed(gettext("De casus is afgesloten: %(what)s kan niet meer. Heropen de casus als dat nodig "
                                       "is.") % {"what": what}, code="casus-afgesloten")


def require_single_question(melding: Melding, what: str) -> None:
    """An indication without a case lives on the melding of a single question: the melding is triaged 'enkelvoudig'
    and not closed. A question triaged otherwise goes through the case and its plan."""
    if melding.triage_outcome != SINGLE_QUESTION:
        if melding.triage_outcome:
            message = gettext("Zonder casus kan %(what)s alleen bij een enkelvoudige vraag. Deze melding is getrieerd "
                              "als '%(outcome)s': een maatwerkvoorziening komt dan uit het plan van de casus.") % {
                "what": what, "outcome": gettext(melding.get_triage_outcome_display())}
        else:
            message = gettext("Zonder casus kan %(what)s alleen bij een enkelvoudige vraag. Deze melding is nog niet "
                              "getrieerd: een maatwerkvoorziening komt dan uit het plan van de casus.") % {"what": what}
        raise ValidationFailed(message, code="geen-enkelvoudige-vraag")
    if melding.status == Melding.Status.AFGESLOTEN:
        raise ValidationFailed(gettext("De melding is afgesloten: %(what)s kan niet meer. Registreer een nieuwe melding "
                                       "als de inwoner opnieuw iets vraagt.") % {"what": what},
                               code="melding-afgesloten")


def require_open_work(indicatie: Indicatie, what: str) -> None:
    """The case is open (require_open_case); an indication without a case needs its melding to be an open single
    question (require_single_question)."""
    if indicatie.casus_id is not None:
        require_open_case(indicatie.casus, what)
    else:
        require_single_question(indicatie.aanvraag.melding, what)


def may_prepare_without_case(actor: Actor, melding: Melding) -> bool:
    """Whether the melding page offers 'Indicatie voorbereiden': an open single question and the mandate
    'inventarisatie en diagnose' for some kind of provision in its gemeente (the action checks the kind chosen).
    One query, none when the melding is no open single question."""
    if melding.triage_outcome != SINGLE_QUESTION or melding.status == Melding.Status.AFGESLOTEN:
        return False
    groups = MandateGroup.objects.filter(profile__gemeenten=melding.gemeente_id)
    return any(mandates.holds(actor, melding.gemeente_id, group, "inventarisatie-diagnose") for group in groups)


def require_visible_indication(actor: Actor, indicatie: Indicatie) -> None:
    """A write goes through the same scope as a read (queries.indication_scope): outside it the indication does not
    exist for the actor. Actions check it after the mandate, so a missing mandate is still refused and audited by
    name (the pages and the API answer 404 before that, through access_indication / access_besluit)."""
    if not queries.can_see_indication(actor, indicatie):
        raise NotFound(gettext("Indicatie niet gevonden."))


def require_visible_besluit(actor: Actor, besluit: Besluit) -> None:
    """As require_visible_indication, for a decision (queries.besluit_scope)."""
    if not queries.can_see_besluit(actor, besluit):
        raise NotFound(gettext("Besluit niet gevonden."))


def may_consult(actor: Actor, gemeente_id: int) -> bool:
    """Whoever may prepare an indication here (the mandate 'inventarisatie en diagnose' for some kind of provision
    of the gemeente) records an expert consultation and its advice (BUCH seed 001 §4.4.1: the generalist involves
    the experts). Whether they see the case or melding is the caller's scope check. One query."""
    if actor.is_system:
        return True
    groups = MandateGroup.objects.filter(profile__gemeenten=gemeente_id)
    return any(mandates.holds(actor, gemeente_id, group, "inventarisatie-diagnose") for group in groups)


def may_call_in_expert_team(actor: Actor, casus: Casus) -> bool:
    """The case director or process direction (cases.direct) calls in the profile's expert team on a case (Krimpen
    seed 002 §3.2.1: the case director asks it through the process director; §3.2.2)."""
    return actor.is_system or casus.case_director_id == actor.user_id or actor.can(CASES_DIRECT, casus.gemeente_id)
