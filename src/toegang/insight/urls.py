from django.urls import path

from . import evaluation_views, team_views, views

app_name = "insight"

urlpatterns = [
    path("inzicht/", views.dashboard, name="dashboard"),
    path("inzicht/export/", views.start_export, name="export-start"),
    path("inzicht/export/<int:pk>/", views.export_progress, name="export"),
    path("inzicht/export/<int:pk>/bestand/", views.export_file, name="export-file"),
    path("inzicht/formatie/", views.staffing, name="staffing"),
    path("inzicht/team/", team_views.team_dashboard, name="team"),
    path("inzicht/evaluatie/", evaluation_views.evaluation_list, name="evaluation"),
    path("inzicht/evaluatie/<slug:slug>/", evaluation_views.evaluation_report, name="evaluation-report"),
]
