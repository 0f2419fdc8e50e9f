from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Author(index.Indexed, models.Model):
    """A person or a team that signs field notes."""

    name = models.CharField(
        max_length=120,
        unique=True,
        help_text="A person's name, or a team's ('AndOr training infrastructure team').",
    )
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown after the name in the byline, e.g. 'Founder'. Leave blank for a team.",
    )

    panels = [FieldPanel("name"), FieldPanel("role")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name


@register_snippet
class NoteCategory(models.Model):
    """The topic of a field note, e.g. 'LLM training'. Related notes share one."""

    name = models.CharField(max_length=80, unique=True, help_text="e.g. 'LLM training'.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in web addresses; lowercase, hyphens."
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = "note category"
        verbose_name_plural = "note categories"

    def __str__(self):
        return self.name


@register_snippet
class NoteSeries(models.Model):
    """A run of notes on one theme, e.g. 'Post-training series'."""

    name = models.CharField(max_length=80, unique=True, help_text="e.g. 'Post-training series'.")

    panels = [FieldPanel("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "note series"
        verbose_name_plural = "note series"

    def __str__(self):
        return self.name
