from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("privacy/inzagelog/", views.person_log, name="person-log"),
    path("privacy/inzagelog/<int:pk>/export.csv", views.person_log_export, name="person-log-export"),
    path("privacy/inwoners/<int:pk>/inzageverzoek/", views.answer_access_request, name="access-request"),
    path("privacy/inwoners/<int:pk>/correctieverzoek/", views.record_correction_request, name="correction-request"),
    path("privacy/avg-verzoeken/<int:pk>/besluit/", views.decide_correction_request, name="decide-correction"),
    path("privacy/noodtoegang/", views.emergency_accesses, name="emergency-accesses"),
    path("privacy/noodtoegang/<int:pk>/", views.emergency_access, name="emergency-access"),
]
