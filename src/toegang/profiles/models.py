from django.db import models


class Profile(models.Model):
    """A municipality profile as loaded: its name and the checksum of the file that was loaded."""

    name = models.SlugField("naam", max_length=60, unique=True)
    title = models.CharField("titel", max_length=200)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()
    data = models.JSONField("profielgegevens", default=dict, help_text="de geladen YAML, voor latere regels")

    class Meta:
        verbose_name = "profiel"
        verbose_name_plural = "profielen"

    def __str__(self):
        return self.title
