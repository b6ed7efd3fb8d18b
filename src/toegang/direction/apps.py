from django.apps import AppConfig


class DirectionConfig(AppConfig):
    name = "toegang.direction"
    label = "direction"
    verbose_name = "Procesregie: wat stokt"
