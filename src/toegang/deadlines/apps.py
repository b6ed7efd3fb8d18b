from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "toegang.deadlines"
    label = "deadlines"
    verbose_name = "Termijnen"
