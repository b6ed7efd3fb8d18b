from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("casussen/<int:pk>/meting/", views.record, name="record"),
    path("casussen/<int:pk>/veiligheid/", views.record_safety, name="safety"),
    path("casussen/<int:pk>/vraagverheldering/", views.record_clarification, name="clarification"),
    path("casussen/<int:pk>/verslag-onderzoek/", views.send_report, name="report"),
]
