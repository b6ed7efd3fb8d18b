from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "toegang.cases"
    label = "cases"
    verbose_name = "Casussen"
