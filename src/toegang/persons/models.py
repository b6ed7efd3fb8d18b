"""Residents (inwoners), households (huishoudens) with members and addresses over time, relations, network.

Data only; every write goes through the persons/actions/ package.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from toegang.core import clock

from .codes import (
    COMMUNICATIEVORM,
    EINDE_LIDMAATSCHAP,
    GESLACHT,
    GEZAG_SOORT,
    SOORT_RELATIE,
    VERTEGENWOORDIGING,
)

# BW 1:233: minderjarig is wie de leeftijd van achttien jaren nog niet heeft bereikt.
ADULT_AGE = 18


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years between birth and `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))



class Household(models.Model):
    """A household at an address. The current address is kept here; its history in HouseholdAddress."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="households")
    wijk = models.ForeignKey("accounts.Wijk", null=True, blank=True, on_delete=models.PROTECT, related_name="households")
    label = models.CharField("naam", max_length=200)
    postcode = models.CharField(max_length=6, blank=True)
    huisnummer = models.PositiveIntegerField(null=True, blank=True)
    toevoeging = models.CharField(max_length=8, blank=True)
    straat = models.CharField("straatnaam", max_length=200, blank=True)
    woonplaats = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"
        indexes = [
            models.Index(fields=["postcode", "huisnummer"], name="household_address_idx"),
            models.Index(fields=["gemeente", "wijk"], name="household_scope_idx"),
        ]

    def __str__(self):
        return self.label

    @property
    def address_line(self) -> str:
        if not self.postcode:
            return "geen vast adres"
        number = f"{self.huisnummer or ''}{('-' + self.toevoeging) if self.toevoeging else ''}"
        return f"{self.straat} {number}, {self.postcode[:4]} {self.postcode[4:]} {self.woonplaats}".strip()


class Resident(models.Model):
    """An inwoner. The BSN is optional; when present it passed the elfproef and is unique per gemeente."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="residents")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="current_residents",
        help_text="het huidige (hoofd)huishouden; de geschiedenis staat in HouseholdMembership",
    )
    bsn = models.CharField("BSN", max_length=9, null=True, blank=True)  # noqa: DJ001 - NULL keeps "no BSN" out of the unique constraint
    voornamen = models.CharField(max_length=200)
    voorvoegsel = models.CharField(max_length=20, blank=True)
    geslachtsnaam = models.CharField(max_length=200)
    search_name = models.CharField(max_length=200, editable=False, help_text="geslachtsnaam in kleine letters, voor zoeken")
    geboortedatum = models.DateField(null=True, blank=True)
    geslacht = models.CharField(max_length=1, choices=GESLACHT, default="0")
    telefoon = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    communicatievorm = models.CharField(max_length=1, choices=COMMUNICATIEVORM, blank=True)
    taal = models.CharField("voorkeurstaal", max_length=60, blank=True)
    communicatie_toelichting = models.CharField("communicatiebehoeften", max_length=500, blank=True)
    vertegenwoordiging = models.CharField("wettelijke vertegenwoordiging", max_length=20, choices=VERTEGENWOORDIGING, blank=True)
    vertegenwoordiger = models.CharField("naam vertegenwoordiger", max_length=200, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "inwoner"
        verbose_name_plural = "inwoners"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "bsn"], condition=Q(bsn__isnull=False, merged_into__isnull=True),
                name="resident_unique_bsn_per_gemeente",
            ),
        ]
        indexes = [
            models.Index(fields=["search_name", "geboortedatum"], name="resident_name_birth_idx"),
            models.Index(fields=["bsn"], name="resident_bsn_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.voornamen, self.voorvoegsel, self.geslachtsnaam) if p)

    def is_minor_on(self, day: dt.date) -> bool:
        """Under 18 on `day` (BW 1:233); unknown when the birth date is unknown (False)."""
        return self.geboortedatum is not None and self.geboortedatum <= day and age_on(self.geboortedatum, day) < ADULT_AGE


class HouseholdMembership(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="memberships")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField("vanaf")
    valid_until = models.DateField("tot en met", null=True, blank=True)
    end_reason = models.CharField("reden van vertrek", max_length=20, choices=EINDE_LIDMAATSCHAP, blank=True)

    class Meta:
        verbose_name = "lid van huishouden"
        verbose_name_plural = "leden van huishoudens"
        constraints = [
            models.UniqueConstraint(
                fields=["household", "resident"], condition=Q(valid_until__isnull=True), name="membership_one_current"
            ),
        ]


class HouseholdAddress(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="addresses")
    postcode = models.CharField(max_length=6, blank=True)
    huisnummer = models.PositiveIntegerField(null=True, blank=True)
    toevoeging = models.CharField(max_length=8, blank=True)
    straat = models.CharField(max_length=200, blank=True)
    woonplaats = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField("vanaf")
    valid_until = models.DateField("tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "adres van huishouden"
        verbose_name_plural = "adressen van huishoudens"
        ordering = ["-valid_from", "-id"]


class Relation(models.Model):
    """`person` is <kind> of `resident` (iJw SoortRelatie: the relation a person has towards the client)."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="relations")
    person = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="related_as")
    kind = models.CharField("soort relatie", max_length=2, choices=SOORT_RELATIE)
    valid_from = models.DateField("vanaf", null=True, blank=True)
    valid_until = models.DateField("tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "relatie"
        verbose_name_plural = "relaties"


class Gezag(models.Model):
    """Who holds parental authority (gezag) over a minor, from a date; recording a new one ends the one before, so
    the history stays (codes.GEZAG_SOORT cites BW Boek 1). One or two holders; each is a registered resident (a
    member of the household, or someone related) or, when not registered (a gecertificeerde instelling, a parent
    living elsewhere), a name."""

    minor = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="gezag")
    soort = models.CharField("soort gezag", max_length=20, choices=GEZAG_SOORT)
    holder = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT, related_name="gezag_over")
    holder_name = models.CharField("naam gezagsdrager", max_length=200, blank=True)
    second_holder = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="gezag_over_als_tweede")
    second_holder_name = models.CharField("naam tweede gezagsdrager", max_length=200, blank=True)
    bron = models.CharField("bron", max_length=300, blank=True)
    valid_from = models.DateField("vanaf")
    valid_until = models.DateField("tot en met", null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "gezag"
        verbose_name_plural = "gezag"
        constraints = [
            models.UniqueConstraint(fields=["minor"], condition=Q(valid_until__isnull=True), name="gezag_one_current"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {' en '.join(self.holder_names)}"

    @property
    def holder_names(self) -> list[str]:
        """The holders by name (select_related holder and second_holder to read them without queries)."""
        names = []
        for resident, name in ((self.holder, self.holder_name), (self.second_holder, self.second_holder_name)):
            if resident is not None:
                names.append(resident.full_name)
            elif name:
                names.append(name)
        return names


class NetworkMember(models.Model):
    """Someone in the household's own network (family, neighbours, friends, informal carers)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="network")
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort relatie", max_length=2, choices=SOORT_RELATIE)
    telefoon = models.CharField(max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    mantelzorger = models.BooleanField(default=False)
    notes = models.CharField("toelichting", max_length=500, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "netwerklid"
        verbose_name_plural = "netwerk"


class InvolvementQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> InvolvementQuerySet:
        """Involvements running on `on` (default today): started, and not ended before that day (inclusive end)."""
        on = on or clock.today()
        return self.filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class Involvement(models.Model):
    """A professional involved with a household (betrokkene): they may see it while involved."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="involvements")
    medewerker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField("rol", max_length=200)
    casus = models.ForeignKey("cases.Casus", null=True, blank=True, on_delete=models.PROTECT, related_name="involvements",
                              help_text="betrokken bij deze casus (eindigt met de casus)")
    valid_from = models.DateField("vanaf")
    valid_until = models.DateField("tot en met", null=True, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        indexes = [models.Index(fields=["medewerker", "household"], name="involvement_actor_idx")]


# Break-the-glass (docs/security.md "Break-the-glass (noodtoegang)"): how long a grant lasts. The installation sets the
# duration (settings.EMERGENCY_ACCESS_MINUTES); it is never longer than this, whatever the setting says: one working
# shift, as long as a login session may last (settings.SESSION_ABSOLUTE_SECONDS' default).
EMERGENCY_ACCESS_MAX_MINUTES = 8 * 60
EMERGENCY_REASON_MIN = 20
EMERGENCY_REASON_MAX = 500


class EmergencyAccessQuerySet(models.QuerySet):
    def in_force(self, at: dt.datetime | None = None) -> EmergencyAccessQuerySet:
        """Grants that open their household at `at` (default now): started, not ended early, not expired. Expiry is
        compared at read time; no job closes a grant."""
        at = at or clock.now()
        return self.filter(started_at__lte=at, expires_at__gt=at, ended_at__isnull=True)


class EmergencyAccess(models.Model):
    """Break-the-glass (noodtoegang): a staff member opened a household outside their scope in an emergency, with a
    reason, for a limited time. While in force the household and its residents are in the staff member's scope
    (persons.queries.household_scope), read-only, and every read is logged as "noodtoegang #id: reason". The
    privacy officer is told and sees every grant (audit.queries.emergency_accesses_for)."""

    medewerker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="emergency_accesses")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="emergency_accesses")
    # the household's gemeente when the grant was made: whose privacy officer sees it
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="emergency_accesses")
    reason = models.TextField("reden", max_length=EMERGENCY_REASON_MAX)
    started_at = models.DateTimeField("vanaf")
    expires_at = models.DateTimeField("tot")
    ended_at = models.DateTimeField("beëindigd", null=True, blank=True,
                                    help_text="eerder beëindigd, of (bij een nieuwe aanvraag) afgesloten op het einde")

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "noodtoegang"
        verbose_name_plural = "noodtoegang"
        constraints = [
            # one open grant per staff member and household (an expired one is closed when a new one is asked)
            models.UniqueConstraint(fields=["medewerker", "household"], condition=Q(ended_at__isnull=True),
                                    name="emergency_access_one_open"),
        ]
        indexes = [
            models.Index(fields=["medewerker", "household", "expires_at"], name="emergency_access_scope_idx"),
            models.Index(fields=["gemeente", "-started_at"], name="emergency_access_list_idx"),
        ]

    def __str__(self):
        return f"noodtoegang {self.pk}"

    @property
    def ended_early(self) -> bool:
        return self.ended_at is not None and self.ended_at < self.expires_at

    @property
    def until(self) -> dt.datetime:
        """When the access ended or ends: early, or at its expiry."""
        return min(self.ended_at, self.expires_at) if self.ended_at else self.expires_at
