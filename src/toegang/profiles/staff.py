"""The staff a profile names under `demo.medewerkers`, created through the accounts actions.

Used by `toegang demo` (demo logins) and `toegang scenario run` (the people a seed scenario acts as)."""

from toegang.accounts.actions import check_add_team_member, check_create_medewerker, check_grant_role
from toegang.accounts.models import Gemeente, Medewerker, Organisatie, Role, Team
from toegang.core.actor import SYSTEM
from toegang.profiles.models import Profile

DEMO_PASSWORD = "demo-toegang"


def create_profile_staff(profile: Profile) -> dict[str, Medewerker]:
    """The profile's demo staff by username, in the profile's order; someone who already exists keeps their account
    and gets the roles and teams the profile gives them."""
    data = profile.data
    staff: dict[str, Medewerker] = {}
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(profile=profile)}
    roles = {r.code: r for r in Role.objects.filter(profile=profile)}
    orgs = {o.code: o for o in Organisatie.objects.filter(profile=profile)}
    teams = {t.code: t for t in Team.objects.filter(gemeente__profile=profile)}
    for person in data.get("demo", {}).get("medewerkers", []):
        user = Medewerker.objects.filter(username=person["gebruikersnaam"]).first()
        if user is None:
            user = check_create_medewerker(
                actor=SYSTEM, username=person["gebruikersnaam"], full_name=person["naam"], password=DEMO_PASSWORD,
                organisatie=orgs.get(person.get("organisatie")), function_title=person.get("functie", ""),
            )
        for cbs in person.get("gemeenten", list(gemeenten)):
            check_grant_role(actor=SYSTEM, medewerker=user, gemeente=gemeenten[cbs], role=roles[person["rol"]])
        for code in person.get("teams", []):
            check_add_team_member(actor=SYSTEM, medewerker=user, team=teams[code])
        staff[user.username] = user
    return staff
