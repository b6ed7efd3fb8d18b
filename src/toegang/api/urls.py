from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from .views import HuishoudenViewSet, InwonerViewSet

router = SimpleRouter(trailing_slash=False)
router.register("inwoners", InwonerViewSet, basename="inwoner")
router.register("huishoudens", HuishoudenViewSet, basename="huishouden")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

docs_urlpatterns = [
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="api-docs"),
]
