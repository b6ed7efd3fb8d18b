from django.urls import path

from . import team_views, views

app_name = "insight"

urlpatterns = [
    path("inzicht/formatie/", views.staffing, name="staffing"),
    path("inzicht/team/", team_views.team_dashboard, name="team"),
]
