from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("berichtenverkeer/", views.overview, name="overview"),
    path("berichtenverkeer/inlezen/", views.import_file, name="import"),
    path("berichtenverkeer/<int:pk>/", views.message, name="message"),
    path("berichtenverkeer/<int:pk>/xml/", views.download, name="download"),
]
