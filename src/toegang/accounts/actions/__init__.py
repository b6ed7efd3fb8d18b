"""The only code that writes staff accounts (STYLE.md), one module per concern:

    staff.py          staff administration: creating, details, deactivating and reactivating, roles per gemeente,
                      teams (issue 13, item 3)
    api_tokens.py     API keys: made, revoked, their use noted (item 4)
    second_factor.py  the authenticator app: set up, checked, reset (item 2)
    identity.py       logging in through the municipality's identity provider: account and roles follow it (item 1)

Every name callers used from the single module stays importable from here: `actions.check_grant_role(...)`.
"""

from .api_tokens import (
    NAME_MAX,
    NewApiToken,
    check_create_api_token,
    check_revoke_api_token,
    default_api_token_expiry,
    note_api_token_use,
)
from .identity import IdpIdentity, check_sign_in_from_identity_provider
from .second_factor import (
    check_confirm_second_factor,
    check_prepare_second_factor,
    check_reset_second_factor,
    check_second_factor,
)
from .staff import (
    check_add_team_member,
    check_create_medewerker,
    check_deactivate_medewerker,
    check_grant_role,
    check_reactivate_medewerker,
    check_remove_team_member,
    check_revoke_role,
    check_update_medewerker,
    end_sessions_of,
)

__all__ = [
    "IdpIdentity", "check_sign_in_from_identity_provider",
    "NAME_MAX", "NewApiToken", "check_add_team_member", "check_confirm_second_factor", "check_create_api_token",
    "check_create_medewerker", "check_deactivate_medewerker", "check_grant_role", "check_prepare_second_factor",
    "check_reactivate_medewerker", "check_remove_team_member", "check_reset_second_factor", "check_revoke_api_token",
    "check_revoke_role", "check_second_factor", "check_update_medewerker", "default_api_token_expiry",
    "end_sessions_of", "note_api_token_use",
]
