from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("casussen/<int:pk>/casusoverleg/nieuw/", views.new_conference, name="new"),
    path("casusoverleggen/<int:pk>/", views.conference_detail, name="conference"),
    path("casusoverleggen/<int:pk>/verslag/", views.record_minutes, name="minutes"),
    path("casusoverleggen/<int:pk>/annuleren/", views.cancel, name="cancel"),
]
