from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("casussen/<int:pk>/", views.case_detail, name="case"),
    path("casussen/<int:pk>/formulier/<slug:name>/", views.case_form, name="form"),
    path("casussen/<int:pk>/onderdeel/<slug:name>/", views.case_section, name="section"),
    path("casussen/<int:pk>/regisseur/", views.assign_director, name="director"),
    path("casussen/<int:pk>/op-mij-nemen/", views.take, name="take"),
    path("casussen/<int:pk>/betrokkenen/", views.add_involvement, name="involve"),
    path("casussen/<int:pk>/betrokkenen/<int:involvement_id>/einde/", views.end_involvement, name="uninvolve"),
    path("casussen/<int:pk>/signalen/", views.set_flags, name="flags"),
    path("casussen/<int:pk>/fase/", views.advance, name="advance"),
    path("casussen/<int:pk>/afsluiten/", views.close, name="close"),
    path("casussen/<int:pk>/heropenen/", views.reopen, name="reopen"),
    path("casussen/<int:pk>/contactmoment/", views.contact_moment, name="contact"),
    path("casussen/<int:pk>/notitie/", views.note, name="note"),
    path("casussen/<int:pk>/overdracht/", views.propose_handover, name="handover"),
    path("casussen/<int:pk>/documenten/", views.add_document, name="document"),
    path("casussen/<int:pk>/taken/", views.add_task, name="task"),
    path("casussen/<int:pk>/taken/<int:task_id>/afgerond/", views.complete_task, name="task-done"),
    path("casussen/<int:pk>/documenten/<int:document_id>/", views.download_document, name="document-download"),
    path("casussen/<int:pk>/overdracht/besluit/", views.decide_handover, name="handover-decide"),
]
