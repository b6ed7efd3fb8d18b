from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "toegang.retention"
    verbose_name = "bewaartermijnen en vernietiging"
