from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "toegang.persons"
    label = "persons"
    verbose_name = "Inwoners en huishoudens"
