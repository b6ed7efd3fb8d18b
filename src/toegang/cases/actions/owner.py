"""Every case has an owner from the moment triage opens it (issue 11), as the profile's `casus_eigenaar` says:

    team        the team owns it: it waits in the team's werkbak and on the team lead's Mijn werk (who is told) until
                a case worker of the team takes it ('Neem casus op mij') or the team lead assigns a director;
    teamleider  the team's lead directs it at once (and hands it on by assigning someone else);
    rota        the team's case worker with the fewest open cases directs it at once.

The owning team is the profile's `team` when the gemeente has one of that code (Krimpen: the KST, whichever team
triaged), else the team triage chose, else the melding's (district) team. Whoever becomes director is told
(do_assign_case_director); when the rule gives nobody, the case waits for its team as with `team`.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.models import Gemeente, Medewerker, Team
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed
from toegang.tasks.actions import notify

from ..models import Casus
from ..permissions import can_take_case, require_open
from ..queries import assigner_ids, director_by_rule
from .case import do_assign_case_director

DEFAULT_RULE = "team"
RULE_REASONS = {"teamleider": "toegewezen aan de teamleider (profiel)",
                "rota": "toegewezen volgens de rota van het team (profiel)"}
TAKEN = "zelf opgepakt uit het team"
TAKEN_BY_OTHER = gettext_noop("Deze casus heeft intussen een casusregisseur; er is niets veranderd.")


def owner_rule(gemeente: Gemeente) -> dict:
    """The profile's `casus_eigenaar`, with the default rule `team`."""
    return {"regel": DEFAULT_RULE, **gemeente.profile.data.get("casus_eigenaar", {})}


def owning_team_id(gemeente: Gemeente, team_id: int | None) -> int | None:
    """The team that owns a case triage opens: the profile's `team` (when this gemeente has one of that code),
    else `team_id` (the team triage chose or the melding's)."""
    code = owner_rule(gemeente).get("team")
    if code:
        found = Team.objects.filter(gemeente=gemeente, code=code).values_list("pk", flat=True).first()
        if found:
            return found
    return team_id


def do_give_case_owner(*, actor: Actor, casus: Casus) -> Medewerker | None:
    """Call inside the transaction that opened the case (triage). The director the rule gives becomes director at
    once (and is told); otherwise the team lead — or, for a team without one, process direction — is told that the
    case waits. Returns the director, or None."""
    rule = owner_rule(casus.gemeente)
    director = director_by_rule(casus, rule["regel"], rule.get("rollen", []))
    if director is not None:
        do_assign_case_director(actor=actor, casus=casus, medewerker=director, reason=RULE_REASONS[rule["regel"]],
                                expected_version=None)
        return director
    # resolved when the case gets a director (do_assign_case_director)
    if casus.team_id:
        text, params = gettext_noop("Casus %(casus)s (%(team)s) wacht op een casusregisseur: wijs er een toe."), {
            "casus": casus.pk, "team": casus.team.name}
    else:
        text, params = gettext_noop("Casus %(casus)s (geen team) wacht op een casusregisseur: wijs er een toe."), {
            "casus": casus.pk}
    notify(recipient_ids=assigner_ids(casus), text=text, params=params,
           url=reverse("cases:case", args=[casus.pk]) + "#casusregie", subject=casus)
    return None


def check_take_case(*, actor: Actor, casus: Casus, expected_version: int | None = None) -> Casus:
    """'Neem casus op mij': a case worker of the case's own team becomes the director of a case that has none
    (can_take_case). When someone else came first, a Conflict says so. Event casus.regisseur_gewijzigd."""
    require_open(casus)
    if casus.case_director_id is not None and casus.case_director_id == actor.user_id:
        return casus
    if casus.case_director_id is not None:
        raise Conflict(gettext(TAKEN_BY_OTHER))
    if not can_take_case(actor, casus):
        raise NotAllowed(gettext("Alleen een casusmedewerker van het team van de casus kan haar op zich nemen."))
    return do_assign_case_director(actor=actor, casus=casus, medewerker=Medewerker.objects.get(pk=actor.user_id),
                                   reason=TAKEN, expected_version=expected_version)
