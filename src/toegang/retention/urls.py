from django.urls import path

from . import views

app_name = "retention"
urlpatterns = [
    path("privacy/bewaartermijnen/", views.due, name="due"),
    path("privacy/bewaartermijnen/lijst-opstellen/", views.propose, name="propose"),
    path("privacy/vernietigingslijsten/<int:pk>/", views.destruction_list, name="list"),
    path("privacy/vernietigingslijsten/<int:pk>/bevestigen/", views.confirm, name="confirm"),
    path("privacy/vernietigingslijsten/<int:pk>/afwijzen/", views.reject, name="reject"),
    path("privacy/vernietigingslijsten/<int:pk>/dossiers/<int:item_pk>/langer-bewaren/", views.hold, name="hold"),
]
