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
    # taking up a referral: link the resident it is about, or register them from it (issue 11)
    path("meldingen/<int:pk>/koppelen/", views.link, name="link"),
    path("meldingen/<int:pk>/inwoner-registreren/", views.register_person, name="register-person"),
    # Wmo 2015 art. 2.3.2 lid 1–3 and the receipts (intake/duties.py)
    path("meldingen/<int:pk>/ontvangstbevestiging/", views.melding_receipt, name="melding-receipt"),
    path("meldingen/<int:pk>/persoonlijk-plan/", views.personal_plan, name="personal-plan"),
    path("meldingen/<int:pk>/persoonlijk-plan/<int:plan_id>/", views.personal_plan_document, name="personal-plan-document"),
    path("meldingen/<int:pk>/clientondersteuning/", views.client_support, name="client-support"),
    path("aanvragen/<int:pk>/ontvangstbevestiging/", views.aanvraag_receipt, name="aanvraag-receipt"),
    path("brieven/<int:pk>/brief.pdf", views.letter_pdf, name="letter"),
    path("termijnen/<int:pk>/<slug:verb>/", views.clock_change, name="clock"),
    path("werkbak/", views.inbox, name="inbox"),
    path("verwijzen/", views.refer, name="refer"),
    path("verwijzen/overzicht/", views.referrals, name="referrals"),
]
