from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("berichtenverkeer/", views.overview, name="overview"),
    path("berichtenverkeer/inlezen/", views.import_file, name="import"),
    path("berichtenverkeer/<int:pk>/", views.message, name="message"),
    path("berichtenverkeer/<int:pk>/xml/", views.download, name="download"),
]
urlpatterns += [
    path("berichtenverkeer/aanvragen/", views.requests_list, name="requests"),
    path("berichtenverkeer/aanvragen/<int:pk>/", views.request_detail, name="request"),
    path("berichtenverkeer/aanvragen/<int:pk>/toekennen/", views.request_accept, name="request-accept"),
    path("berichtenverkeer/aanvragen/<int:pk>/afwijzen/", views.request_refuse, name="request-refuse"),
    path("berichtenverkeer/aanvragen/<int:pk>/in-onderzoek/", views.request_investigate, name="request-investigate"),
]
