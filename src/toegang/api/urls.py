from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from .case_views import CasusViewSet
from .conference_views import CasusoverlegViewSet
from .consultation_views import RaadplegingViewSet
from .escalation_views import EscalatieViewSet
from .intake_views import AanvraagViewSet, MeldingViewSet, VerwijzingViewSet
from .messaging_views import BerichtViewSet, DeclaratieViewSet, ToewijzingViewSet
from .provision_views import (
    BesluitViewSet,
    BezwaarViewSet,
    IndicatieViewSet,
    ProductViewSet,
    VoorzieningViewSet,
)
from .safety_views import MeldcodeTrajectViewSet
from .staff_views import MedewerkerViewSet
from .token_views import ApiSleutelViewSet
from .verwijsindex_views import MatchViewSet, SignaalViewSet
from .views import HuishoudenViewSet, InwonerViewSet

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("inwoners", InwonerViewSet, basename="inwoner")
router.register("huishoudens", HuishoudenViewSet, basename="huishouden")
router.register("meldingen", MeldingViewSet, basename="melding")
router.register("aanvragen", AanvraagViewSet, basename="aanvraag")
router.register("verwijzingen", VerwijzingViewSet, basename="verwijzing")
router.register("casussen", CasusViewSet, basename="casus")
router.register("escalaties", EscalatieViewSet, basename="escalatie")
router.register("casusoverleggen", CasusoverlegViewSet, basename="casusoverleg")
router.register("voorzieningen", VoorzieningViewSet, basename="voorziening")
router.register("producten", ProductViewSet, basename="product")
router.register("indicaties", IndicatieViewSet, basename="indicatie")
router.register("besluiten", BesluitViewSet, basename="besluit")
router.register("bezwaren", BezwaarViewSet, basename="bezwaar")
router.register("signalen", SignaalViewSet, basename="signaal")
router.register("matches", MatchViewSet, basename="match")
router.register("raadplegingen", RaadplegingViewSet, basename="raadpleging")
router.register("meldcode-trajecten", MeldcodeTrajectViewSet, basename="meldcode-traject")
router.register("api-sleutels", ApiSleutelViewSet, basename="api-sleutel")
router.register("medewerkers", MedewerkerViewSet, basename="medewerker")
router.register("berichten", BerichtViewSet, basename="bericht")
router.register("declaraties", DeclaratieViewSet, basename="declaratie")
router.register("toewijzingen", ToewijzingViewSet, basename="toewijzing")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    # The schema holds no personal data: public, so integrators can read it before they have an account.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
]

# The split view serves Swagger UI's start script from this same address (?script) instead of inline, and the page
# template links its few styles instead of an inline <style>: the page runs under the site's Content-Security-Policy
# without exceptions (docs/security.md).
docs_urlpatterns = [
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny],
                                                             template_name="api/swagger_ui.html"), name="api-docs"),
]
