from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "toegang.conferences"
    label = "conferences"
    verbose_name = "Casusoverleg"
