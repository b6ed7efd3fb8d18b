"""Pages of one's own account: the API keys (API-sleutels, issue 13 item 4).

Making a key follows the one POST pattern (ui.posting) except on success: the page answers at once (201) with the key
shown once, instead of redirecting. A redirect would need the key to wait somewhere for the next request (the
session, in the database): the key is never stored, not even for a moment. The answer is marked `no-store`, so no
cache keeps it either.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from toegang.core import clock
from toegang.core.errors import DomainError, NotAllowed, NotFound
from toegang.core.paging import page_number, page_of
from toegang.ui.forms import apply_domain_error, report_outcome
from toegang.ui.posting import rerender_invalid

from . import actions, queries
from .actors import actor_for_request
from .forms import ApiTokenForm
from .permissions import can_manage_api_tokens_of


def _page(request, actor, *, form=None, new=None, status=200):
    """The list of my keys (a page at a time: one query), the form to make one, and a key just made."""
    page = page_number(request)
    rows, has_more = page_of(queries.api_tokens_of(actor.user_id), page, settings.TOEGANG_PAGE_SIZE)
    now = clock.now()
    for row in rows:
        row.state = row.state_at(now)
    form = form or ApiTokenForm(auto_id="sleutel-%s", initial={"expires_on": actions.default_api_token_expiry()})
    template = "accounts/api_tokens.html#results" if request.htmx and request.method == "GET" else \
        "accounts/api_tokens.html"
    response = render(request, template, {
        "rows": rows, "has_more": has_more, "page": page, "form": form, "new": new,
        "max_days": settings.TOEGANG_API_TOKEN_MAX_DAYS,
    }, status=status)
    if new is not None:
        patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """API-sleutels: my keys (name, prefix, made, valid through, last used, status, 'Intrekken') and a form to make
    one. After making one, the key itself, once."""
    actor = actor_for_request(request)
    if request.method != "POST":
        return _page(request, actor)
    form = ApiTokenForm(data=request.POST, auto_id="sleutel-%s")

    def rerender(bound):
        return _page(request, actor, form=bound)

    if not form.is_valid():
        return rerender_invalid(request, form, rerender)  # 422, everything typed kept
    try:
        new = actions.check_create_api_token(actor=actor, medewerker=request.user, name=form.cleaned_data["name"],
                                             expires_on=form.cleaned_data["expires_on"])
    except (NotAllowed, NotFound):
        raise
    except DomainError as exc:
        apply_domain_error(form, exc)
        return rerender_invalid(request, form, rerender)
    return _page(request, actor, new=new, status=201)


@login_required
@require_POST
def revoke_api_token(request, pk: int):
    """'Intrekken': the key stops working at once; back to the list with a message."""
    actor = actor_for_request(request)
    token = queries.api_token(pk)
    if not can_manage_api_tokens_of(actor, token.medewerker_id):
        raise NotFound(gettext("API-sleutel niet gevonden."))
    was_revoked = token.revoked_at is not None
    actions.check_revoke_api_token(actor=actor, token=token)
    message = (gettext("De API-sleutel ‘%(name)s’ (%(prefix)s) was al ingetrokken.") if was_revoked
               else gettext("De API-sleutel ‘%(name)s’ (%(prefix)s) is ingetrokken: hij werkt niet meer."))
    report_outcome(request, ok=message % {"name": token.name, "prefix": token.shown_prefix})
    return redirect("accounts:api-tokens")
