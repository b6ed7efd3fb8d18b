from django.urls import path

from . import views

app_name = "direction"
urlpatterns = [
    path("procesregie/", views.attention, name="attention"),
    path("procesregie/casussen/<int:pk>/procesregisseur/", views.process_director, name="process-director"),
    path("procesregie/casussen/<int:pk>/procesregisseur/beeindigen/", views.end_process_director,
         name="end-process-director"),
    path("procesregie/casussen/<int:pk>/contactpunt/", views.contact_point, name="contact-point"),
]
