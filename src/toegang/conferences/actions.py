"""Planning a case conference, recording what it decided (its actions land in the plan) and cancelling it.

Each write is one transaction with its change-log row; invitations and minutes reach the staff invitees in the
system (tasks.actions.notify: Mijn werk and e-mail). A conference is edited by several people, so recording and
cancelling carry the version the user read (core/versioning.py): a stale form is a Conflict and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from toegang.audit.log import log_change
from toegang.cases.actions import event_date_problem
from toegang.cases.models import Casus
from toegang.cases.permissions import can_manage_case, require_open
from toegang.cases.queries import subject_ids
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, DateProblem, NotAllowed, ValidationFailed
from toegang.core.versioning import bump, require_version
from toegang.plans.actions import OWNER_TYPES, check_add_plan_action
from toegang.plans.queries import current_version
from toegang.tasks.actions import do_resolve_notifications, notify
from toegang.tasks.models import Notification

from .kinds import conference_kinds
from .models import Conference, ConferenceAction, Invitee
from .permissions import can_convene, can_record_conference
from .queries import invitable_staff, network_of, staff_invitee_ids, staff_roles

STALE_CONFERENCE = gettext_noop("Iemand anders heeft dit casusoverleg intussen gewijzigd. Bekijk de nieuwe stand en "
                                "probeer het opnieuw; er is niets overschreven.")
# How far ahead a conference can be planned: a date further away is a typing error, not a plan.
MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class AgreedAction:
    """An action agreed at the conference: it becomes an action of the plan, towards one of its goals."""

    goal_id: str
    owner_type: str
    owner: str
    description: str
    due_date: dt.date | None

    def is_empty(self) -> bool:
        return not (self.goal_id or self.owner.strip() or self.description.strip() or self.due_date)


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _url(conference: Conference) -> str:
    return reverse("conferences:conference", args=[conference.pk])


def check_plan_conference(*, actor: Actor, casus: Casus, kind: str, reason: str, starts_at: dt.datetime, place: str,
                          agenda: str = "", staff_ids=(), resident_ids=(), network_ids=(),
                          family_absent_reason: str = "") -> Conference:
    """The case director or process direction (cases.direct) convenes a conference of a kind the profile names,
    with its reason, date and time, place and agenda, and invites professionals of the case, the household and its
    network. The household is invited by default (seed 000 §3.1: "bij voorkeur in aanwezigheid van de inwoner");
    leaving it out needs a reason. A conference with nobody invited is refused. The date may lie in the past (a
    conference held earlier, recorded afterwards) but not before the case began, nor more than a year ahead.
    The staff invitees are told (Notification UITNODIGING). Event overleg.gepland."""
    if not can_convene(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie belegt een casusoverleg."))
    require_open(casus)
    staff_ids, resident_ids, network_ids = set(staff_ids), set(resident_ids), set(network_ids)
    errors: dict[str, list[str]] = {}
    if kind not in conference_kinds(casus.gemeente.profile.data):
        errors["kind"] = [gettext("Kies een soort overleg.")]
    if not reason.strip():
        errors["reason"] = [gettext("Wat is de aanleiding van het overleg?")]
    if not place.strip():
        errors["place"] = [gettext("Waar wordt het overleg gehouden?")]
    if starts_at is None:
        errors["starts_at"] = [gettext("Vul de datum en tijd van het overleg in.")]
    else:
        problem = event_date_problem(casus, starts_at, label=gettext("Het overleg"), not_future=False)
        if not problem and dates.as_date(starts_at) > clock.today() + dt.timedelta(days=MAX_DAYS_AHEAD):
            problem = DateProblem(gettext("Het overleg %(day)s ligt meer dan een jaar vooruit.")
                                  % {"day": dates.fmt(dates.as_date(starts_at))})
        if problem:
            errors["starts_at"] = [problem]
    staff = {m.pk: m for m in invitable_staff(casus)}
    if staff_ids - set(staff):
        errors["staff"] = [gettext("Nodig alleen professionals van deze casus of de procesregie uit.")]
    members = {m.pk: m for m in casus.household.current_residents.all()}
    if resident_ids - set(members):
        errors["residents"] = [gettext("Deze persoon hoort niet bij het huishouden.")]
    network = {n.pk: n for n in network_of(casus)}
    if network_ids - set(network):
        errors["network"] = [gettext("Deze persoon hoort niet bij het netwerk van het huishouden.")]
    if not resident_ids and not family_absent_reason.strip():
        errors["family_absent_reason"] = [gettext(
            "Het huishouden wordt uitgenodigd, tenzij er een reden is om het niet te doen: vul die reden in.")]
    if not (staff_ids or resident_ids or network_ids):
        errors["staff"] = [*errors.get("staff", []), gettext("Nodig ten minste één deelnemer uit.")]
    if errors:
        raise ValidationFailed(gettext("Het casusoverleg is niet volledig."), field_errors=errors)
    roles = staff_roles(casus)
    kind_name = conference_kinds(casus.gemeente.profile.data)[kind]
    with transaction.atomic():
        conference = Conference.objects.create(
            casus=casus, kind=kind, reason=reason.strip(), starts_at=starts_at, place=place.strip(),
            agenda=agenda.strip(), family_absent_reason="" if resident_ids else family_absent_reason.strip(),
            convened_by_id=actor.user_id, created_at=clock.now())
        Invitee.objects.bulk_create(
            [Invitee(conference=conference, kind=Invitee.Kind.PROFESSIONAL, medewerker_id=pk, name=str(staff[pk])[:300],
                     role=roles.get(pk, "procesregie")) for pk in sorted(staff_ids)]
            + [Invitee(conference=conference, kind=Invitee.Kind.HUISHOUDEN, resident_id=pk,
                       name=members[pk].full_name[:300]) for pk in sorted(resident_ids)]
            + [Invitee(conference=conference, kind=Invitee.Kind.NETWERK, network_member_id=pk,
                       name=network[pk].name[:300], role=network[pk].get_kind_display()) for pk in sorted(network_ids)])
        log_change(actor=actor, event="overleg.gepland", obj=conference, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"casus": casus.pk, "soort": kind, "moment": starts_at, "plaats": place.strip(),
                        "professionals": sorted(staff_ids), "huishouden": sorted(resident_ids),
                        "netwerk": sorted(network_ids),
                        "reden_huishouden_niet_uitgenodigd": conference.family_absent_reason or None})
        notify(recipient_ids=staff_ids - {actor.user_id},
               text=gettext_noop("Uitnodiging: %(kind)s over casus %(casus)s op %(when)s, %(place)s."),
               params={"kind": kind_name, "casus": casus.pk, "when": _when(starts_at), "place": place.strip()[:80]},
               url=_url(conference), subject=conference, kind=Notification.Kind.UITNODIGING)
    return conference


def _check_open(actor: Actor, conference: Conference, expected_version: int | None) -> None:
    if not can_record_conference(actor, conference):
        raise NotAllowed(gettext("Alleen wie het overleg belegde, de casusregisseur of de procesregie legt dit vast."))
    if conference.status != Conference.Status.GEPLAND:
        raise Conflict(gettext("Dit casusoverleg is al %(status)s.")
                       % {"status": gettext(conference.get_status_display())})
    require_version(conference, expected_version, message=STALE_CONFERENCE)


def _action_errors(n: int, action: AgreedAction, goal_ids: set[str], held_on: dt.date) -> dict[str, list[str]]:
    """The reasons of one action row (1-based `n`), under the fields `action_<n>_<name>`."""
    errors: dict[str, list[str]] = {}
    if action.goal_id not in goal_ids:
        errors[f"action_{n}_goal"] = [gettext("Kies een doel uit het plan.") if goal_ids else
                                      gettext("Het plan heeft nog geen doel: leg eerst een doel vast in het plan.")]
    if action.owner_type not in {c for c, _ in OWNER_TYPES}:
        errors[f"action_{n}_owner_type"] = [gettext("Wie voert de actie uit?")]
    if not action.owner.strip():
        errors[f"action_{n}_owner"] = [gettext("Noem wie de actie uitvoert.")]
    if not action.description.strip():
        errors[f"action_{n}_description"] = [gettext("Beschrijf de actie.")]
    if action.due_date is None:
        errors[f"action_{n}_due_date"] = [gettext("Wanneer is de actie klaar?")]
    elif action.due_date < held_on:
        errors[f"action_{n}_due_date"] = [DateProblem(
            gettext("De actie kan niet klaar zijn voor het overleg (%(day)s).") % {"day": dates.fmt(held_on)})]
    return errors


def check_record_minutes(*, actor: Actor, conference: Conference, minutes: str, decisions: list[str],
                         actions: list[AgreedAction] = (), expected_version: int | None = None) -> Conference:
    """The conference was held: its minutes, its decisions (at least one) and the actions agreed, each with a goal of
    the plan, an owner and a due date. Every action becomes an action of the plan (plans.actions.
    check_add_plan_action, each a new plan version on the current one), in the same transaction: no conference is
    recorded held without its actions in the plan, and no plan changes without the conference. Not before the day
    of the conference; not on a closed case. The staff invitees are told the minutes are ready, and the invitation
    leaves their Mijn werk. Event overleg.gehouden."""
    _check_open(actor, conference, expected_version)
    casus = conference.casus
    require_open(casus)
    # rows keep their number (the form's row, the API's position), empty rows are left out
    numbered = [(n, a) for n, a in enumerate(actions, start=1) if not a.is_empty()]
    actions = [a for _, a in numbered]
    decisions = [d.strip() for d in decisions if d.strip()]
    held_on = dates.as_date(conference.starts_at)
    errors: dict[str, list[str]] = {}
    if held_on > clock.today():
        errors["minutes"] = [DateProblem(gettext("Het overleg is gepland op %(day)s en is nog niet gehouden.")
                                         % {"day": dates.fmt(held_on)})]
    elif not minutes.strip():
        errors["minutes"] = [gettext("Schrijf het verslag van het overleg.")]
    if not decisions:
        errors["decisions"] = [gettext("Leg ten minste één besluit vast.")]
    plan = current_version(casus)
    goal_ids = {g["id"] for g in plan.content["goals"]} if plan else set()
    for n, action in numbered:
        errors.update(_action_errors(n, action, goal_ids, held_on))
    if errors:
        raise ValidationFailed(gettext("Het verslag van het overleg is niet volledig."), field_errors=errors)
    if actions and not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie zet acties in het plan."))
    with transaction.atomic():
        now = clock.now()
        bump(conference, expected_version, message=STALE_CONFERENCE, status=Conference.Status.GEHOUDEN,
             minutes=minutes.strip(), decisions=decisions, recorded_at=now, recorded_by_id=actor.user_id)
        base = plan.number if plan else 0
        rows = []
        for action in actions:
            version = check_add_plan_action(actor=actor, casus=casus, base_version=base, goal_id=action.goal_id,
                                            owner_type=action.owner_type, owner=action.owner,
                                            description=action.description, due_date=action.due_date)
            base = version.number
            rows.append(ConferenceAction(conference=conference, goal_id=action.goal_id, owner_type=action.owner_type,
                                         owner=action.owner.strip(), description=action.description.strip(),
                                         due_date=action.due_date, plan_action_id=version.content["actions"][-1]["id"]))
        ConferenceAction.objects.bulk_create(rows)
        if actions:
            Conference.objects.filter(pk=conference.pk).update(plan_version=base)
            conference.plan_version = base
        log_change(actor=actor, event="overleg.gehouden", obj=conference, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus),
                   new={"casus": casus.pk, "besluiten": decisions, "acties": len(rows),
                        "planversie": conference.plan_version})
        do_resolve_notifications(subject=conference)
        notify(recipient_ids=set(staff_invitee_ids(conference)) - {actor.user_id},
               text=gettext_noop("Het verslag van het casusoverleg over casus %(casus)s van %(when)s staat klaar."),
               params={"casus": casus.pk, "when": _when(conference.starts_at)}, url=_url(conference),
               kind=Notification.Kind.OVERIG)
    return conference


def check_cancel_conference(*, actor: Actor, conference: Conference, reason: str,
                            expected_version: int | None = None) -> Conference:
    """A planned conference is called off, with a reason; the staff invitees are told and the invitation leaves
    their Mijn werk. Event overleg.geannuleerd."""
    _check_open(actor, conference, expected_version)
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van annuleren."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    casus = conference.casus
    with transaction.atomic():
        bump(conference, expected_version, message=STALE_CONFERENCE, status=Conference.Status.GEANNULEERD,
             cancel_reason=reason.strip(), cancelled_at=clock.now())
        log_change(actor=actor, event="overleg.geannuleerd", obj=conference, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), new={"casus": casus.pk, "reden": reason.strip()})
        do_resolve_notifications(subject=conference)
        notify(recipient_ids=set(staff_invitee_ids(conference)) - {actor.user_id},
               text=gettext_noop("Het casusoverleg over casus %(casus)s van %(when)s gaat niet door."),
               params={"casus": casus.pk, "when": _when(conference.starts_at)}, url=_url(conference),
               kind=Notification.Kind.OVERIG)
    return conference
