from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("inzicht/", views.dashboard, name="dashboard"),
    path("inzicht/formatie/", views.staffing, name="staffing"),
]
