from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("privacy/inzagelog/", views.person_log, name="person-log"),
    path("privacy/inzagelog/<int:pk>/export.csv", views.person_log_export, name="person-log-export"),
    path("privacy/noodtoegang/", views.emergency_accesses, name="emergency-accesses"),
    path("privacy/noodtoegang/<int:pk>/", views.emergency_access, name="emergency-access"),
]
