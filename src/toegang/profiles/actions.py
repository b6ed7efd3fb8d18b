"""Loading a profile into the database: idempotent, all or nothing, one ChangeLog row when anything changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from toegang.accounts.models import Gemeente, Organisatie, PostcodeRange, Regio, Role, Team, Wijk
from toegang.accounts.permissions import can_manage_config
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed
from toegang.core.postcodes import range_bounds
from toegang.core.upsert import set_m2m, upsert
from toegang.provisions.catalogue import load_catalogue

from .loader import read_profile
from .models import Profile


@dataclass
class LoadResult:
    profile: Profile
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def check_load_profile(*, actor: Actor, name_or_path: str) -> LoadResult:
    """Only the SYSTEM (command line) or functional administrators may load profiles."""
    if not can_manage_config(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer mag profielen laden."))
    return do_load_profile(actor=actor, name_or_path=name_or_path)


def do_load_profile(*, actor: Actor, name_or_path: str) -> LoadResult:
    """Create or update gemeenten, wijken, teams, organisations and roles from a checked profile.

    Loading the same file twice changes nothing and records nothing. Things the profile no longer lists
    are kept (cases may refer to them) and reported. Records event `profiel.geladen`.
    """
    pf = read_profile(name_or_path)  # raises ProfileInvalid before anything is written
    data = pf.data
    changes: list[str] = []
    with transaction.atomic():
        profile = Profile.objects.filter(name=data["profiel"]).first()
        if profile is None:
            profile = Profile.objects.create(
                name=data["profiel"], title=data["titel"], sha256=pf.sha256, loaded_at=clock.now(), data=data
            )
            changes.append(f"nieuw: profiel {profile.name}")
        elif profile.sha256 != pf.sha256 or profile.data != data or profile.title != data["titel"]:
            profile.title, profile.sha256, profile.data, profile.loaded_at = data["titel"], pf.sha256, data, clock.now()
            profile.save()
            changes.append(f"gewijzigd: profiel {profile.name}")

        regios = {
            r["code"]: upsert(Regio, {"profile": profile, "code": r["code"]},
                               {"name": r["naam"], "kind": r.get("soort", "")}, changes, f"regio {r['code']}")
            for r in data.get("regios", [])
        }
        gemeenten: dict[str, Gemeente] = {}
        wijken: dict[tuple[str, str], Wijk] = {}
        for g in data["gemeenten"]:
            gemeente = upsert(Gemeente, {"cbs_code": g["cbs"]}, {"profile": profile, "name": g["naam"], "active": True},
                               changes, f"gemeente {g['cbs']}")
            gemeenten[g["cbs"]] = gemeente
            set_m2m(gemeente.regios, [regios[c] for c in g.get("regios", [])], changes, f"regio's van gemeente {g['cbs']}")
            for w in g["wijken"]:
                wijk = upsert(Wijk, {"gemeente": gemeente, "code": w["code"]},
                               {"name": w["naam"], "kind": w.get("soort", "wijk")}, changes, f"wijk {g['cbs']}/{w['code']}")
                wijken[(g["cbs"], w["code"])] = wijk
                wanted = sorted(range_bounds(spec) for spec in w["postcodes"])
                current = sorted(wijk.postcode_ranges.values_list("start", "end"))
                if wanted != current:
                    wijk.postcode_ranges.all().delete()
                    PostcodeRange.objects.bulk_create([PostcodeRange(wijk=wijk, start=s, end=e) for s, e in wanted])
                    changes.append(f"gewijzigd: postcodes van wijk {g['cbs']}/{w['code']}")
        for o in data.get("organisaties", []):
            org = upsert(
                Organisatie, {"profile": profile, "code": o["code"]},
                {"name": o["naam"], "kind": o["soort"], "agb_code": o.get("agb", ""), "kvk_number": o.get("kvk", "")},
                changes, f"organisatie {o['code']}",
            )
            set_m2m(org.gemeenten, [gemeenten[c] for c in o.get("gemeenten", [])], changes, f"gemeenten van {o['code']}")
        for t in data.get("teams", []):
            team = upsert(Team, {"gemeente": gemeenten[t["gemeente"]], "code": t["code"]},
                           {"name": t["naam"], "kind": t.get("soort", "")}, changes, f"team {t['code']}")
            set_m2m(team.wijken, [wijken[(t["gemeente"], w)] for w in t.get("wijken", [])], changes, f"wijken van team {t['code']}")
        for r in data["rollen"]:
            upsert(Role, {"profile": profile, "code": r["code"]},
                    {"name": r["naam"], "capabilities": sorted(r["bevoegdheden"]),
                     "grantable": sorted(r.get("kan_toekennen", []))}, changes, f"rol {r['code']}")

        load_catalogue(profile, data, changes)

        listed = {g["cbs"] for g in data["gemeenten"]}
        for stale in Gemeente.objects.filter(profile=profile).exclude(cbs_code__in=listed):
            changes.append(f"niet meer in profiel (blijft bewaard): gemeente {stale.cbs_code}")
        if any(not c.startswith("niet meer") for c in changes):
            log_change(actor=actor, event="profiel.geladen", obj=profile,
                       new={"bestand": str(pf.path), "sha256": pf.sha256, "wijzigingen": changes})
    return LoadResult(profile=profile, changes=changes)
