"""Klachten en tevredenheid (docs/feedback.md)."""
from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("casussen/<int:pk>/klachten/", views.case_feedback, name="case"),
    path("casussen/<int:pk>/klachten/nieuw/", views.register, name="register"),
    path("casussen/<int:pk>/klachten/<int:complaint_id>/afhandelen/", views.conclude, name="conclude"),
    path("casussen/<int:pk>/klachten/<int:complaint_id>/doorzetten/", views.forward, name="forward"),
    path("casussen/<int:pk>/tevredenheid/", views.satisfaction, name="satisfaction"),
]
