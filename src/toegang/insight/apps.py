from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "toegang.insight"
    verbose_name = "Inzicht"
