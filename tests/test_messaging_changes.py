"""Changes and ends of an assignment from Toegang's side, and the provider's feedback on the case (issue 14 items 1
and 6; docs/messaging.md): a decision that replaces an earlier one changes or ends the assignment that one made, each
with a JW301 carrying the same assignment number and its RedenWijziging; start and stop reach the case's timeline, its
case director's inbox and the referrer's feedback."""

import datetime as dt
from types import SimpleNamespace

from lxml import etree

from toegang.accounts.models import Organisatie
from toegang.cases.queries import timeline
from toegang.core.actor import SYSTEM
from toegang.intake.queries import _own_referrals
from toegang.messaging.actions import receive
from toegang.messaging.models import Bericht, Toewijzing
from toegang.provisions import actions as provision_actions
from toegang.provisions.models import Indicatie
from toegang.tasks.models import Notification

from .test_messaging import assert_valid, assigned, hub, provider_message  # noqa: F401 (fixtures)
from .test_messaging_declarations import declaration, month

J = {"j": "http://www.istandaarden.nl/ijw/3_2/jw301/schema"}


def correct(staff, actor_of, capture, toewijzing, outcome="toegekend", **changes):
    """Decide a correction of the decision behind `toewijzing`, with `changes` to the prefilled indication."""
    old = toewijzing.indicatie.besluit
    new = provision_actions.check_start_correction(actor=actor_of(staff["generalist"]), besluit=old)
    if changes:
        Indicatie.objects.filter(pk=new.pk).update(**changes)
        new.refresh_from_db()
    with capture(execute=True):
        return provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=new,
                                              outcome=outcome, reasons="Herbeoordeling.")


def last_301(toewijzing) -> etree._Element:
    sent = Bericht.objects.filter(toewijzing=toewijzing, kind="JW301").order_by("-pk").first()
    assert sent.status == "verstuurd"
    return assert_valid("JW301", bytes(sent.raw))


def test_a_longer_correction_changes_the_same_assignment(assigned, staff, actor_of,  # noqa: F811
                                                         django_capture_on_commit_callbacks):
    later = assigned.end + dt.timedelta(days=90)
    correct(staff, actor_of, django_capture_on_commit_callbacks, assigned, end=later)
    assert Toewijzing.objects.count() == 1
    assigned.refresh_from_db()
    assert assigned.end == later and assigned.version == 2
    document = last_301(assigned)
    product = "j:Client/j:ToegewezenProducten/j:ToegewezenProduct/"
    assert document.findtext(product + "j:ToewijzingNummer", namespaces=J) == str(assigned.number)
    assert document.findtext(product + "j:Einddatum", namespaces=J) == later.isoformat()
    assert document.findtext(product + "j:RedenWijziging", namespaces=J) == "04"  # verlenging


def test_a_refusal_withdraws_care_that_never_began(assigned, staff, actor_of,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    correct(staff, actor_of, django_capture_on_commit_callbacks, assigned, outcome="afgewezen")
    assigned.refresh_from_db()
    assert assigned.end == assigned.start
    document = last_301(assigned)
    assert document.findtext("j:Client/j:ToegewezenProducten/j:ToegewezenProduct/j:RedenWijziging",
                             namespaces=J) == "13"  # verwijderd


def test_another_provider_ends_the_first_and_assigns_anew(assigned, staff, actor_of,  # noqa: F811
                                                          django_capture_on_commit_callbacks):
    begin = assigned.start
    receive(actor=SYSTEM, raw=provider_message("JW305", assigned, begin=begin))
    other = Organisatie.objects.create(name="Jeugdhulp Anders", agb_code="98765432", profile=assigned.provider.profile)
    moved = assigned.start + dt.timedelta(days=30)
    correct(staff, actor_of, django_capture_on_commit_callbacks, assigned, provider=other, start=moved)
    assigned.refresh_from_db()
    assert assigned.end == moved - dt.timedelta(days=1)
    assert last_301(assigned).findtext("j:Client/j:ToegewezenProducten/j:ToegewezenProduct/j:RedenWijziging",
                                       namespaces=J) == "09"  # overstap naar andere aanbieder
    new = Toewijzing.objects.exclude(pk=assigned.pk).get()
    assert new.provider == other and new.start == moved
    assert last_301(new).findtext("j:Header/j:Ontvanger", namespaces=J) == "98765432"


def test_start_and_stop_reach_the_case_its_director_and_the_referrer(assigned, staff, actor_of):  # noqa: F811
    casus = assigned.indicatie.casus
    director = actor_of(staff["generalist"])
    melding = casus.meldingen.get()
    melding.referred_by = Organisatie.objects.create(name="Huisartsenpraktijk De Linde", profile=assigned.provider.profile)  # a GP referred the family
    melding.save(update_fields=["referred_by"])
    assert _own_referrals_status(melding) == "aangemeld bij de zorgaanbieder"
    begin = assigned.start
    before = set(Notification.objects.filter(recipient=staff["generalist"]).values_list("pk", flat=True))
    receive(actor=SYSTEM, raw=provider_message("JW305", assigned, begin=begin))
    shown = {item["title"]: item["text"] for item in timeline(director, casus)}
    assert shown["zorg gestart (bericht van de aanbieder)"] == \
        f"{assigned.provider.name} · gestart op {begin:%d-%m-%Y}"
    assert "zorg toegewezen aan de aanbieder" in shown
    told = Notification.objects.filter(recipient=staff["generalist"]).exclude(pk__in=before).get()
    assert told.url == f"/casussen/{casus.pk}/" and assigned.provider.name in told.shown
    assert _own_referrals_status(melding) == "zorg gestart"
    # progress: the provider declares its first month and the gemeente approves it
    first_month = month(assigned, 0)
    receive(actor=SYSTEM, raw=declaration(assigned, [{"period": first_month, "volume": 1}]))
    shown = {item["title"]: item["text"] for item in timeline(director, casus)}
    assert shown["zorg geleverd (goedgekeurde declaratie van de aanbieder)"] == \
        f"{assigned.provider.name} · geleverd tot en met {first_month[1]:%d-%m-%Y}"
    assert _own_referrals_status(melding) == "zorg loopt"
    receive(actor=SYSTEM, raw=provider_message("JW307", assigned, begin=begin, end=begin + dt.timedelta(days=20),
                                               identification="AB0000000002"))
    assert "zorg beëindigd (bericht van de aanbieder)" in {item["title"] for item in timeline(director, casus)}
    assert Notification.objects.filter(recipient=staff["generalist"]).exclude(pk__in=before).count() == 2
    assert _own_referrals_status(melding) == "zorg beëindigd"


def _own_referrals_status(melding) -> str:
    """The feedback the referring partner reads for `melding` (through the partner's own query)."""
    return _own_referrals(SimpleNamespace(organisation_ids=[melding.referred_by_id])).get(pk=melding.pk)\
        .feedback_status
