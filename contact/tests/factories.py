import factory
import wagtail_factories

from contact.models import ContactPage, FormField


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Book a Call"
    slug = "book-a-call"
    thank_you_heading = "Thank you. We will be in touch."
    thank_you_text = "<p>An engineer will reply within two working days.</p>"

    class Meta:
        model = ContactPage


class FormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ContactPageFactory)
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = True

    class Meta:
        model = FormField
