from django.urls import path

from . import evaluation_views, views

app_name = "insight"

urlpatterns = [
    path("inzicht/formatie/", views.staffing, name="staffing"),
    path("inzicht/evaluatie/", evaluation_views.evaluation_list, name="evaluation"),
    path("inzicht/evaluatie/<slug:slug>/", evaluation_views.evaluation_report, name="evaluation-report"),
]
