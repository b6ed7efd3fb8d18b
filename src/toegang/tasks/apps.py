from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "toegang.tasks"
    label = "tasks"
    verbose_name = "Taken en berichten"
