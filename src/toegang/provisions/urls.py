from django.urls import path

from . import views

app_name = "provisions"

urlpatterns = [
    path("sociale-kaart/", views.social_map, name="social-map"),
    path("catalogus/", views.catalogue, name="catalogue"),
    path("catalogus/<int:pk>/", views.voorziening, name="voorziening"),
    path("catalogus/<int:pk>/wijzigen/", views.voorziening_edit, name="voorziening-edit"),
    path("catalogus/producten/<int:pk>/tarief/", views.add_tariff, name="tariff"),
    path("catalogus/contracten/<int:pk>/plafond/", views.set_ceiling, name="ceiling"),
    path("mandaten/", views.mandate_matrix, name="mandates"),
    path("casussen/<int:pk>/voorzieningen/", views.case_provisions, name="case"),
    path("indicaties/", views.worklist, name="worklist"),
    path("indicaties/<int:pk>/", views.indication, name="indication"),
    path("indicaties/<int:pk>/vaststellen/", views.set_indication, name="set-indication"),
    path("indicaties/<int:pk>/besluiten/", views.decide, name="decide"),
    path("indicaties/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("besluiten/<int:pk>/", views.besluit, name="besluit"),
    path("besluiten/<int:pk>/brief.pdf", views.letter, name="letter"),
    path("besluiten/<int:pk>/tweede-beoordeling/", views.second_opinion, name="second-opinion"),
    path("besluiten/<int:pk>/verzenden/", views.send, name="send"),
    path("besluiten/<int:pk>/corrigeren/", views.correct, name="correct"),
    path("besluiten/<int:pk>/bezwaar/", views.register_objection, name="objection"),
    path("bezwaren/<int:pk>/beslissen/", views.decide_objection, name="objection-decide"),
    path("budget/", views.budget, name="budget"),
]
