from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/idp/", views.IdpLoginStart.as_view(), name="oidc-start"),
    path("inloggen/idp/terug/", views.IdpLoginCallback.as_view(), name="oidc-callback"),
    path("inloggen/tweede-stap/", views.second_factor, name="second-factor"),
    path("inloggen/tweede-stap/instellen/", views.set_up_second_factor, name="set-up-second-factor"),
    path("api-sleutels/", views.api_tokens, name="api-tokens"),
    path("api-sleutels/<int:pk>/intrekken/", views.revoke_api_token, name="api-token-revoke"),
]
