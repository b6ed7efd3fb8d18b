from django.apps import AppConfig


class ProvisionsConfig(AppConfig):
    name = "toegang.provisions"
    label = "provisions"
    verbose_name = "Voorzieningen en besluiten"
