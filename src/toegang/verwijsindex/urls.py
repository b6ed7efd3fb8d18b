"""Verwijsindex (issue 12)."""

from django.urls import path

from . import views

app_name = "verwijsindex"
urlpatterns = [
    path("verwijsindex/", views.signals, name="signals"),
    path("verwijsindex/matches/", views.matches, name="matches"),
    path("verwijsindex/matches/<int:pk>/", views.match_detail, name="match"),
    path("verwijsindex/matches/<int:pk>/coordinatie/", views.take, name="take"),
    path("verwijsindex/matches/<int:pk>/toewijzen/", views.assign, name="assign"),
    path("verwijsindex/historie/", views.history, name="history"),
]
