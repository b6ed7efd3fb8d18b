"""Escalatie en doorzettingsmacht (issue 12)."""
from django.urls import path

from . import views

app_name = "escalation"
urlpatterns = [
    path("escalaties/", views.open_escalations, name="list"),
    path("casussen/<int:pk>/escalatie/", views.case_escalation, name="case"),
    path("casussen/<int:pk>/escalatie/opschalen/", views.escalate, name="escalate"),
    path("casussen/<int:pk>/escalatie/afschalen/", views.deescalate, name="deescalate"),
    path("casussen/<int:pk>/escalatie/opgepakt/", views.pick_up, name="pick-up"),
    path("casussen/<int:pk>/escalatie/bindend-besluit/", views.binding_decision, name="binding"),
    path("casussen/<int:pk>/escalatie/bindend-besluit/formulier/", views.binding_form_fragment, name="binding-form"),
]
