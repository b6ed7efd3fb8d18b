"""Tenancy and staff: gemeenten, regio's, wijken with postcode ranges, teams, organisations, staff, roles."""

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_noop


class Regio(models.Model):
    """A cooperation of municipalities (jeugdregio, shared back office such as BUCH)."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="regios")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=40, blank=True)

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="regio_unique_code")]

    def __str__(self):
        return self.name


class Gemeente(models.Model):
    """A municipality, identified by its 4-digit CBS code."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="gemeenten")
    cbs_code = models.CharField("CBS-code", max_length=4, unique=True)
    name = models.CharField("naam", max_length=200)
    regios = models.ManyToManyField(Regio, blank=True, related_name="gemeenten")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Wijk(models.Model):
    """A district or village core (kern) of a gemeente, defined by postcode ranges."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="wijken")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=10, default="wijk", choices=[("wijk", "wijk"), ("kern", "kern")])

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        constraints = [models.UniqueConstraint(fields=["gemeente", "code"], name="wijk_unique_code")]

    def __str__(self):
        return self.name


class PostcodeRange(models.Model):
    """Inclusive range of 6-character postcodes (normalised, e.g. 9901AA–9901ZZ) belonging to a wijk."""

    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="postcode_ranges")
    start = models.CharField(max_length=6)
    end = models.CharField(max_length=6)

    class Meta:
        verbose_name = "postcodegebied"
        verbose_name_plural = "postcodegebieden"
        indexes = [models.Index(fields=["start", "end"])]


class Organisatie(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", gettext_noop("gemeente")
        CJG_PARTNER = "cjg-partner", gettext_noop("CJG-partner")
        ZORGAANBIEDER = "zorgaanbieder", gettext_noop("zorgaanbieder")
        SCHOOL = "school", gettext_noop("school")
        HUISARTS = "huisarts", gettext_noop("huisarts")
        POLITIE = "politie", gettext_noop("politie")
        GI = "gecertificeerde-instelling", gettext_noop("gecertificeerde instelling")
        VEILIG_THUIS = "veilig-thuis", gettext_noop("Veilig Thuis")
        WELZIJN = "welzijn", gettext_noop("welzijnsorganisatie")
        ANDERS = "anders", gettext_noop("anders")

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="organisaties")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=40, choices=Kind.choices)
    agb_code = models.CharField("AGB-code", max_length=8, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    gemeenten = models.ManyToManyField(Gemeente, blank=True, related_name="organisaties")

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="organisatie_unique_code")]

    def __str__(self):
        return self.name


class Team(models.Model):
    """A team (social team, CJG, front desk, back office) serving districts of one gemeente."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="teams")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=40, blank=True)
    wijken = models.ManyToManyField(Wijk, blank=True, related_name="teams")

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        constraints = [models.UniqueConstraint(fields=["gemeente", "code"], name="team_unique_code")]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role and its capabilities, as the profile defines them (never hard-coded)."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="roles")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    capabilities = models.JSONField("bevoegdheden", default=list)
    # The role codes of the same profile that a holder of this role may grant and revoke, where they also hold
    # config.manage (profile `kan_toekennen`; accounts.permissions.grantable_roles).
    grantable = models.JSONField("kan toekennen", default=list, blank=True)

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="role_unique_code")]

    def __str__(self):
        return self.name


class Medewerker(AbstractUser):
    """A staff member (municipal or partner). Works for one organisation, may hold roles in several gemeenten."""

    organisatie = models.ForeignKey(Organisatie, null=True, blank=True, on_delete=models.PROTECT, related_name="medewerkers")
    function_title = models.CharField("functie", max_length=200, blank=True)
    # Optimistic lock (core.versioning) of the details and of active/inactive: a stale form answers 409.
    version = models.PositiveIntegerField(default=1)
    # Who this staff member is at the municipality's identity provider: the ID token's `sub`, stable for as long as
    # the account there exists (OpenID Connect Core 1.0 §2). Set at the first login through the IdP (accounts.oidc).
    oidc_subject = models.CharField("kenmerk bij de identiteitsprovider", max_length=255, null=True, blank=True,
                                    unique=True, default=None)

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    def __str__(self):
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    class Source(models.TextChoices):
        # granted by functional administration (or the demo, a profile's loader): only a person takes it away
        BY_HAND = "handmatig", gettext_noop("handmatig")
        # follows the staff member's groups at the identity provider: each login through it adds and removes these
        IDENTITY_PROVIDER = "identiteitsprovider", gettext_noop("identiteitsprovider")

    medewerker = models.ForeignKey(Medewerker, on_delete=models.CASCADE, related_name="role_assignments")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    source = models.CharField("bron", max_length=20, choices=Source.choices, default=Source.BY_HAND)

    class Meta:
        verbose_name = "rol van medewerker"
        verbose_name_plural = "rollen van medewerkers"
        constraints = [
            models.UniqueConstraint(fields=["medewerker", "gemeente", "role"], name="roleassignment_unique")
        ]


class TeamMembership(models.Model):
    medewerker = models.ForeignKey(Medewerker, on_delete=models.CASCADE, related_name="team_memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        verbose_name = "teamlidmaatschap"
        verbose_name_plural = "teamlidmaatschappen"
        constraints = [models.UniqueConstraint(fields=["medewerker", "team"], name="teammembership_unique")]


API_TOKEN_STATES = [("actief", gettext_noop("actief")), ("verlopen", gettext_noop("verlopen")),
                    ("ingetrokken", gettext_noop("ingetrokken"))]


class ApiToken(models.Model):
    """An API key (API-sleutel) of a staff member: a program acts as that staff member, with their roles.

    Only a SHA-256 digest of the key is stored (accounts.tokens says why a fast hash suffices); the key itself is
    shown once, when it is made. A key always expires; revoking it or deactivating its staff member stops it at once.
    """

    medewerker = models.ForeignKey(Medewerker, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField("naam", max_length=100, help_text="waarvoor de sleutel is, bijv. 'Koppeling zorgaanbieder'")
    prefix = models.CharField("kenmerk", max_length=16, unique=True,
                              help_text="het openbare begin van de sleutel, om hem in lijsten te herkennen")
    secret_hash = models.CharField("SHA-256 van de sleutel", max_length=64)
    created_at = models.DateTimeField("aangemaakt op")
    created_by = models.ForeignKey(Medewerker, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="aangemaakt door")
    expires_at = models.DateTimeField("verloopt op")
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    revoked_by = models.ForeignKey(Medewerker, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="ingetrokken door")
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True)

    class Meta:
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        indexes = [models.Index(fields=["medewerker", "-created_at"], name="apitoken_medewerker_created")]

    def __str__(self):
        return f"{self.name} (tg_{self.prefix})"

    @property
    def shown_prefix(self) -> str:
        """How the key is recognised in lists: its public start, `tg_1a2b3c4d`."""
        return f"tg_{self.prefix}"

    @property
    def valid_through(self) -> dt.date:
        """The last day the key works: it expires at the start of the next day (local time)."""
        return timezone.localdate(self.expires_at - dt.timedelta(microseconds=1))

    def is_expired(self, at: dt.datetime) -> bool:
        return self.expires_at <= at

    def state_at(self, at: dt.datetime) -> str:
        """A code of API_TOKEN_STATES: revoked before expired (revoking was someone's decision)."""
        if self.revoked_at is not None:
            return "ingetrokken"
        return "verlopen" if self.is_expired(at) else "actief"
