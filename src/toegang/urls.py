from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("toegang.ui.urls")),
    path("api/v1/", include("toegang.api.urls")),
    path("beheer/", admin.site.urls),
]
