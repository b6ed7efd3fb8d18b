from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "toegang.core"
    label = "core"
    verbose_name = "Kern"
