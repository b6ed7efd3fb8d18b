from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("meldingen/nieuw/", views.register, name="register"),
    path("meldingen/<int:pk>/", views.melding_detail, name="melding"),
    path("meldingen/<int:pk>/triage/", views.triage, name="triage"),
    path("meldingen/<int:pk>/oppakken/", views.pick_up, name="pick-up"),
    path("meldingen/<int:pk>/contact/", views.contact, name="contact"),
    path("meldingen/<int:pk>/afsluiten/", views.close, name="close"),
    path("meldingen/<int:pk>/aanvraag/", views.aanvraag, name="aanvraag"),
    path("termijnen/<int:pk>/<slug:verb>/", views.clock_change, name="clock"),
    path("werkbak/", views.inbox, name="inbox"),
    path("verwijzen/", views.refer, name="refer"),
    path("verwijzen/overzicht/", views.referrals, name="referrals"),
]
