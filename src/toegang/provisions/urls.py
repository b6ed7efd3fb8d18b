from django.urls import path

from .views import budget, catalogue, consultations, decisions, indications, social_map, worklist

app_name = "provisions"

urlpatterns = [
    path("sociale-kaart/", social_map.social_map, name="social-map"),
    path("catalogus/", catalogue.catalogue, name="catalogue"),
    path("catalogus/<int:pk>/", catalogue.voorziening, name="voorziening"),
    path("catalogus/<int:pk>/wijzigen/", catalogue.voorziening_edit, name="voorziening-edit"),
    path("catalogus/producten/<int:pk>/tarief/", catalogue.add_tariff, name="tariff"),
    path("catalogus/contracten/<int:pk>/plafond/", budget.set_ceiling, name="ceiling"),
    path("mandaten/", catalogue.mandate_matrix, name="mandates"),
    path("casussen/<int:pk>/voorzieningen/", indications.case_provisions, name="case"),
    path("aanvragen/<int:pk>/indicatie/", indications.single_question, name="single-question"),
    path("indicaties/", worklist.worklist, name="worklist"),
    path("indicaties/<int:pk>/", indications.indication, name="indication"),
    path("indicaties/<int:pk>/vaststellen/", indications.set_indication, name="set-indication"),
    path("indicaties/<int:pk>/besluiten/", indications.decide, name="decide"),
    path("indicaties/<int:pk>/intrekken/", indications.withdraw, name="withdraw"),
    path("indicaties/<int:pk>/bedenking/", indications.raise_disagreement, name="disagreement"),
    path("besluiten/<int:pk>/", decisions.besluit, name="besluit"),
    path("besluiten/<int:pk>/brief.pdf", decisions.letter, name="letter"),
    path("besluiten/<int:pk>/tweede-beoordeling/", decisions.second_opinion, name="second-opinion"),
    path("besluiten/<int:pk>/verzenden/", decisions.send, name="send"),
    path("besluiten/<int:pk>/corrigeren/", decisions.correct, name="correct"),
    path("besluiten/<int:pk>/bezwaar/", decisions.register_objection, name="objection"),
    path("bezwaren/<int:pk>/beslissen/", decisions.decide_objection, name="objection-decide"),
    path("bezwaren/<int:pk>/ontvangstbevestiging/", decisions.objection_receipt, name="objection-receipt"),
    path("budget/", budget.budget, name="budget"),
    path("casussen/<int:pk>/deskundigen/", consultations.case_consultations, name="case-consultations"),
    path("casussen/<int:pk>/deskundigen/<int:raadpleging>/advies/", consultations.case_advice, name="case-advice"),
    path("aanvragen/<int:pk>/deskundigen/", consultations.single_question_consultations,
         name="single-question-consultations"),
    path("aanvragen/<int:pk>/deskundigen/<int:raadpleging>/advies/", consultations.single_question_advice,
         name="single-question-advice"),
]
