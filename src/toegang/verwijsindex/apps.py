from django.apps import AppConfig


class VerwijsindexConfig(AppConfig):
    name = "toegang.verwijsindex"
    label = "verwijsindex"
    verbose_name = "Verwijsindex"
