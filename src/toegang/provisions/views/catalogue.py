"""The catalogue of my profiles (provisions with their products and tariffs; functional administrators edit them)
and the mandate matrix as the profile defines it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Role
from toegang.core.errors import NotFound
from toegang.ui.posting import post_form

from .. import actions, permissions, queries
from ..codes import LAW_NAMES, TAKEN
from ..forms import TariffForm, VoorzieningForm
from ..models import MandateGroup, Product, Voorziening


@login_required
def catalogue(request):
    """All provisions of my profiles with their products and tariffs; functional administrators edit them."""
    actor = actor_for_request(request)
    voorzieningen = list(Voorziening.objects.filter(profile_id__in=queries.actor_profiles(actor))
                         .select_related("mandate_group", "organisation")
                         .prefetch_related("products__tariffs").order_by("kind", "law", "name"))
    return render(request, "provisions/catalogue.html", {"voorzieningen": voorzieningen, "law_names": LAW_NAMES,
                                                         "can_edit": permissions.can_edit_any_catalogue(actor)})


def _voorziening_for(actor, pk) -> Voorziening:
    voorziening = Voorziening.objects.filter(pk=pk, profile_id__in=queries.actor_profiles(actor))\
        .select_related("mandate_group", "organisation", "profile").first()
    if voorziening is None:
        raise NotFound(gettext("Voorziening niet gevonden."))
    return voorziening


def _voorziening_page(request, actor, item, *, form=None, tariff_forms=None):
    """The page of one provision; `form` / `tariff_forms` ({product pk: form}) put a posted form back in place."""
    products = list(item.products.prefetch_related("tariffs", "contracts__provider").order_by("category", "code"))
    tariff_forms = tariff_forms or {}
    for product in products:
        product.tariff_form = tariff_forms.get(product.pk) or TariffForm(auto_id=f"tarief{product.pk}-%s")
    return render(request, "provisions/voorziening.html", {
        "item": item, "products": products, "can_edit": permissions.can_edit_catalogue(actor, item.profile),
        "law_names": LAW_NAMES,
        "form": form or VoorzieningForm(initial={f: getattr(item, f) for f in actions.SOCIAL_MAP_FIELDS},
                                        auto_id="vz-%s"),
    })


@login_required
def voorziening(request, pk: int):
    actor = actor_for_request(request)
    return _voorziening_page(request, actor, _voorziening_for(actor, pk))


@login_required
@require_POST
def voorziening_edit(request, pk: int):
    actor = actor_for_request(request)
    item = _voorziening_for(actor, pk)
    permissions.require_catalogue_editor(actor, item.profile)
    return post_form(request, VoorzieningForm(request.POST, auto_id="vz-%s"),
                     run=lambda d: actions.check_update_voorziening(actor=actor, voorziening=item, values=d),
                     rerender=lambda form: _voorziening_page(request, actor, item, form=form),
                     ok=gettext("De voorziening is bijgewerkt."), success_url=reverse("provisions:voorziening", args=[pk]))


@login_required
@require_POST
def add_tariff(request, pk: int):
    actor = actor_for_request(request)
    product = Product.objects.filter(pk=pk, voorziening__profile_id__in=queries.actor_profiles(actor))\
        .select_related("voorziening__profile", "voorziening__mandate_group").first()
    if product is None:
        raise NotFound()
    permissions.require_catalogue_editor(actor, product.voorziening.profile)
    return post_form(request, TariffForm(request.POST, auto_id=f"tarief{product.pk}-%s"),
                     run=lambda d: actions.check_add_tariff(actor=actor, product=product, amount=d["amount"],
                                                            valid_from=d["valid_from"], kind=d["kind"]),
                     rerender=lambda form: _voorziening_page(request, actor, product.voorziening,
                                                             tariff_forms={product.pk: form}),
                     ok=gettext("Het tarief is toegevoegd."),
                     success_url=reverse("provisions:voorziening", args=[product.voorziening_id]))


@login_required
def mandate_matrix(request):
    """The mandate matrix of my profiles as the profile defines it: kind of provision × task → roles."""
    actor = actor_for_request(request)
    groups = list(MandateGroup.objects.filter(profile_id__in=queries.actor_profiles(actor)).select_related("profile")
                  .order_by("profile__name", "name"))
    role_names = dict(Role.objects.filter(profile_id__in=[g.profile_id for g in groups]).values_list("code", "name"))
    mine = {role for roles in actor.roles.values() for role in roles}
    table = [{"group": g, "rows": [(label, [(role_names.get(r, r), r in mine) for r in g.tasks.get(code, [])])
                                   for code, label in TAKEN]} for g in groups]
    return render(request, "provisions/mandates.html", {"table": table})
