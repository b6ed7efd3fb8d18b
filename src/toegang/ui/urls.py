from django.urls import path

from . import views

app_name = "ui"
urlpatterns = [
    path("", views.home, name="home"),
    path("berichten/", views.notifications, name="notifications"),
    path("berichten/gelezen/", views.notifications_read, name="notifications-read"),
]
