from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("api-sleutels/", views.api_tokens, name="api-tokens"),
    path("api-sleutels/<int:pk>/intrekken/", views.revoke_api_token, name="api-token-revoke"),
]
