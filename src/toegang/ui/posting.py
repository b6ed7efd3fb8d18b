"""The one POST pattern for pages (docs/architecture.md, "One POST pattern").

    return post_form(request, form, run=lambda data: actions.check_x(actor=actor, ...),
                     rerender=lambda form: case_page(request, casus, forms={"x_form": form}),
                     ok="De wijziging is opgeslagen.", success_url=reverse("cases:case", args=[casus.pk]))

- The form's own checks fail, or the action refuses the input (ValidationFailed or another DomainError) → the same page again with
  **422**: everything typed kept (the bound form is rendered), each error at its field, an error summary at the top
  linking to the fields (NL Design System, "Foutmeldingen"; focus moves to the summary).
- The state moved under the user (Conflict: a stale form, a duplicate) → the same page with **409**, input kept, the
  reason at the top.
- NotAllowed and NotFound are not caught: the middleware answers 403 and 404 (toegang.ui.middleware).
- Success → the message, then a redirect (POST/redirect/GET), so a reload never submits twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from toegang.core.errors import Conflict, DomainError, NotAllowed, NotFound

from .forms import apply_domain_error

INVALID = 422  # RFC 9110 §15.5.21: understood, but the content cannot be processed


def rerender_invalid(request: HttpRequest, form, rerender: Callable[[Any], HttpResponse], status: int = INVALID):
    """The page again with the bound form: `rerender(form)` renders it; the error summary finds the form here."""
    request.toegang_invalid_forms = [*getattr(request, "toegang_invalid_forms", []), form]
    request.toegang_conflict = status == 409
    response = rerender(form)
    response.status_code = status
    return response


def post_form(request: HttpRequest, form, *, run: Callable[[dict], Any], rerender: Callable[[Any], HttpResponse],
              ok: str | Callable[[Any], str] = "", success_url: str | Callable[[Any], str],
              fresh: Callable[[], dict] | None = None) -> HttpResponse:
    """Validate `form`, run the action on its cleaned data, and answer as the module docstring says.

    `run(cleaned_data)` calls the action and returns its result; `ok` and `success_url` may be callables of that
    result (e.g. the new object's page). `fresh()` gives the hidden values a resend needs after a Conflict (the
    current version): the form comes back with what was typed and those, so sending it again after reading the new
    state saves instead of answering 409 forever."""
    if not form.is_valid():
        return rerender_invalid(request, form, rerender)
    try:
        result = run(form.cleaned_data)
    except (NotAllowed, NotFound):
        raise
    except Conflict as exc:
        apply_domain_error(form, exc)
        if fresh is not None:
            form.data = form.data.copy()
            form.data.update({form.add_prefix(name): value for name, value in fresh().items()})
        return rerender_invalid(request, form, rerender, status=409)
    except DomainError as exc:  # ValidationFailed and any other refusal of the input
        apply_domain_error(form, exc)
        return rerender_invalid(request, form, rerender)
    message = ok(result) if callable(ok) else ok
    if message:
        messages.success(request, message)
    return redirect(success_url(result) if callable(success_url) else success_url)
