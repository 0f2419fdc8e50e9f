import datetime
import json

import factory
import wagtail_factories
from django.core.files.base import ContentFile

from resources.demo.pdf import build_pdf
from resources.models import (
    Author,
    FieldNotePage,
    FieldNotePageAuthor,
    NoteCategory,
    ResourcesPage,
    WhitepaperDocument,
)


def stream(*blocks):
    """StreamField content in its stored form."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    role = "Engineer"

    class Meta:
        model = Author
        django_get_or_create = ("name",)


class NoteCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = NoteCategory


class ResourcesPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"
    hero_eyebrow = "RESOURCES · FIELD NOTES"
    hero_heading = "Field notes from shipping AI at scale."
    hero_intro = "FAQs, whitepapers, and writing from our engineering team."

    class Meta:
        model = ResourcesPage


class FieldNotePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Field note {n}")
    dek = factory.Sequence(lambda n: f"What field note {n} argues, in a sentence.")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyAttribute(lambda o: stream(("paragraph", f"<p>The body of {o.title}.</p>")))

    class Meta:
        model = FieldNotePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for author in extracted:
            FieldNotePageAuthor.objects.create(page=self, author=author)


class WhitepaperDocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Whitepaper {n}")

    class Meta:
        model = WhitepaperDocument

    @factory.lazy_attribute
    def file(self):
        return ContentFile(
            build_pdf(self.title, ["An abstract about quantization and distillation."]),
            name="whitepaper.pdf",
        )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document
