"""The mandate matrix (profile data, never code): role × kind of provision × task.

Every action on an indication or decision calls `require`; a refusal names the missing mandate and is recorded
in the change log (event `mandaat.geweigerd`) in its own transaction, so that it survives the refusal.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from toegang.accounts.models import Role
from toegang.audit.log import log_change
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed

from .codes import TAAK_NAMES
from .models import MandateGroup


def holds(actor: Actor, gemeente_id: int, group: MandateGroup | None, task: str) -> bool:
    if actor.is_system:
        return True
    if group is None:
        return False
    return bool(set(actor.roles.get(gemeente_id, ())) & set(group.tasks.get(task, [])))


def tasks_held(actor: Actor, gemeente_id: int, group: MandateGroup) -> list[str]:
    return [task for task in TAAK_NAMES if holds(actor, gemeente_id, group, task)]


def require(actor: Actor, *, gemeente, group: MandateGroup | None, task: str, obj=None, also: str | None = None) -> None:
    """Refuse (NotAllowed, audited) unless the actor holds `task` (and `also`, when given) for `group` here."""
    message = refusal(actor, gemeente=gemeente, group=group, task=task, obj=obj, also=also)
    if message:
        raise NotAllowed(message)


def refusal(actor: Actor, *, gemeente, group: MandateGroup | None, task: str, obj=None,
            also: str | None = None) -> str:
    """'' when the actor holds `task` (and `also`) for `group` here; else the refusal, recorded in the change log
    (event mandaat.geweigerd, in a transaction of its own so that it survives), as a message in the page's language
    naming the missing task (the process's Dutch name) and the roles that hold it. `require` raises it; a form
    reports it at its field (triage)."""
    missing = [t for t in (task, also) if t and not holds(actor, gemeente.pk, group, t)]
    if not missing:
        return ""
    group_name = group.name if group else gettext("deze voorziening")
    quoted = [f"'{TAAK_NAMES[t]}'" for t in missing]
    names = quoted[0] if len(quoted) == 1 else gettext("%(first)s en %(second)s") % {"first": quoted[0],
                                                                                     "second": quoted[1]}
    holders = sorted({role for t in missing for role in (group.tasks.get(t, []) if group else [])})
    # the roles by the names the profile gives them (a code is not for a reader)
    role_names = dict(Role.objects.filter(profile_id=gemeente.profile_id, code__in=holders)
                      .values_list("code", "name")) if holders else {}
    who = (gettext("Dit mandaat ligt bij: %(roles)s.") % {"roles": ", ".join(sorted(role_names.get(r, r)
                                                                                   for r in holders))}
           if holders else gettext("Niemand heeft dit mandaat."))
    message = gettext("U heeft geen mandaat voor %(tasks)s bij %(group)s in %(gemeente)s.") % {
        "tasks": names, "group": group_name, "gemeente": gemeente.name} + " " + who
    if actor.user_id is not None:
        with transaction.atomic():
            log_change(actor=actor, event="mandaat.geweigerd", obj=obj, gemeente_id=gemeente.pk,
                       object_type=None if obj is not None else "provisions.mandategroup",
                       object_id=None if obj is not None else (group.pk if group else None),
                       new={"taken": missing, "mandaatgroep": group.code if group else None,
                            "rollen": list(actor.roles.get(gemeente.pk, ()))})
    return message
