from django.urls import path

from .views import account, staff

app_name = "accounts"
urlpatterns = [
    path("inloggen/idp/", account.IdpLoginStart.as_view(), name="oidc-start"),
    path("inloggen/idp/terug/", account.IdpLoginCallback.as_view(), name="oidc-callback"),
    path("tweestapsverificatie/code/", account.second_factor, name="second-factor"),
    path("tweestapsverificatie/", account.set_up_second_factor, name="set-up-second-factor"),
    path("api-sleutels/", account.api_tokens, name="api-tokens"),
    path("api-sleutels/<int:pk>/intrekken/", account.revoke_api_token, name="api-token-revoke"),
    # staff administration (issue 13, item 3): functional administration (config.manage)
    path("medewerkers/", staff.staff_list, name="staff"),
    path("medewerkers/nieuw/", staff.new_staff_member, name="staff-new"),
    path("medewerkers/<int:pk>/", staff.staff_member, name="staff-member"),
    path("medewerkers/<int:pk>/gegevens/", staff.change_details, name="staff-details"),
    path("medewerkers/<int:pk>/deactiveren/", staff.deactivate, name="staff-deactivate"),
    path("medewerkers/<int:pk>/activeren/", staff.reactivate, name="staff-reactivate"),
    path("medewerkers/<int:pk>/rollen/", staff.grant_role, name="staff-grant-role"),
    path("medewerkers/<int:pk>/rollen/<int:assignment_id>/intrekken/", staff.revoke_role, name="staff-revoke-role"),
    path("medewerkers/<int:pk>/teams/", staff.add_team, name="staff-add-team"),
    path("medewerkers/<int:pk>/teams/<int:membership_id>/verwijderen/", staff.remove_team, name="staff-remove-team"),
    path("medewerkers/<int:pk>/tweestapsverificatie/", staff.reset_second_factor, name="staff-reset-second-factor"),
    path("medewerkers/<int:pk>/api-sleutels/<int:token_id>/intrekken/", staff.revoke_api_token,
         name="staff-revoke-api-token"),
]
