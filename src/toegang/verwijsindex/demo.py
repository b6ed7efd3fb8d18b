"""Demo data (`toegang demo`): signals in the Verwijsindex by the demo staff who may give them, on youths of the demo
households — two matches (one coordinated by the profile's rule), an address match where a sibling is signalled,
and a signal without a match — so `make run` shows the pages. Skipped when the profile has no Verwijsindex rules or
nobody with an organisation may signal."""

from __future__ import annotations

from toegang.accounts.actors import actor_for_user
from toegang.accounts.capabilities import VERWIJSINDEX_SIGNAL
from toegang.accounts.models import Gemeente, Medewerker
from toegang.accounts.queries import holders_filter
from toegang.core import clock
from toegang.core.errors import DomainError
from toegang.persons.models import Resident

from .actions import check_register_signal


def generate_signals(*, count: int = 3) -> int:
    """Returns how many signals were given."""
    made = 0
    for gemeente in Gemeente.objects.filter(profile__data__has_key="verwijsindex").order_by("cbs_code"):
        people = list(Medewerker.objects.filter(holders_filter(VERWIJSINDEX_SIGNAL, gemeente.pk),
                                                organisatie__isnull=False).order_by("pk"))
        by_org = list({p.organisatie_id: p for p in people}.values())
        if len(by_org) < 2:
            continue
        today = clock.today()
        youths = list(Resident.objects.filter(gemeente=gemeente, bsn__isnull=False, merged_into__isnull=True,
                                              household__isnull=False,
                                              geboortedatum__gt=today.replace(year=today.year - 20),
                                              geboortedatum__lt=today.replace(year=today.year - 4))
                      .order_by("pk")[:count + 1])
        plan = [(0, [by_org[0], by_org[1]]), (1, [by_org[1], by_org[-1]]), (2, [by_org[0]])]
        for index, signallers in plan:
            if index >= len(youths):
                break
            for person in signallers:
                try:
                    check_register_signal(actor=actor_for_user(person), gemeente=gemeente, bsn=youths[index].bsn,
                                          birth_date=youths[index].geboortedatum)
                    made += 1
                except DomainError:
                    continue
        # a sibling of the first youth, where there is one: an address match (where the profile matches on it)
        sibling = (Resident.objects.filter(household_id=youths[0].household_id, bsn__isnull=False,
                                           geboortedatum__gt=today.replace(year=today.year - 20))
                   .exclude(pk=youths[0].pk).first()) if youths else None
        if sibling is not None:
            try:
                check_register_signal(actor=actor_for_user(by_org[-1]), gemeente=gemeente, bsn=sibling.bsn,
                                      birth_date=sibling.geboortedatum)
                made += 1
            except DomainError:
                pass
    return made
