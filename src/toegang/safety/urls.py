"""Veiligheid: meldcode en veiligheidsplan (issue 12)."""

from django.urls import path

from . import views

app_name = "safety"
urlpatterns = [
    path("casussen/<int:pk>/meldcode/nieuw/", views.start_meldcode, name="meldcode-new"),
    path("meldcode/<int:pk>/", views.meldcode_detail, name="meldcode"),
    path("meldcode/<int:pk>/stap/", views.record_step, name="meldcode-step"),
    path("meldcode/<int:pk>/kindcheck/", views.record_kindcheck, name="meldcode-kindcheck"),
    path("meldcode/<int:pk>/veilig-thuis/", views.record_veilig_thuis, name="meldcode-veilig-thuis"),
    path("casussen/<int:pk>/veiligheidsplan/nieuw/", views.start_plan, name="plan-new"),
    path("veiligheidsplan/<int:pk>/", views.plan_detail, name="plan"),
    path("veiligheidsplan/<int:pk>/evaluatie/", views.review_plan, name="plan-review"),
    path("veiligheidsplan/<int:pk>/beeindigen/", views.end_plan, name="plan-end"),
]
