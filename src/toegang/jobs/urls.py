from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("achtergrondtaken/", views.job_list, name="list"),
    path("achtergrondtaken/<int:pk>/opnieuw/", views.rerun, name="rerun"),
]
