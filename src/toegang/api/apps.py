from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "toegang.api"
    label = "api"
    verbose_name = "API"
