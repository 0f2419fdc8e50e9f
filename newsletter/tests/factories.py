import factory
from django.utils import timezone

from newsletter.models import ConsentEvent, ConsentNotice, Subscriber, notice_digest


class ConsentNoticeFactory(factory.django.DjangoModelFactory):
    text = factory.Sequence(lambda n: f"Yes, email me field notes (wording {n}).")
    language = "en"
    version = factory.Sequence(lambda n: n + 1)
    digest = factory.LazyAttribute(lambda o: notice_digest(o.text, o.language))

    class Meta:
        model = ConsentNotice


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    status = Subscriber.Status.PENDING
    requested_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


class ConsentEventFactory(factory.django.DjangoModelFactory):
    subscriber = factory.SubFactory(SubscriberFactory)
    kind = ConsentEvent.Kind.GRANTED
    notice = factory.SubFactory(ConsentNoticeFactory)
    method = ConsentEvent.Method.WEB_FORM

    class Meta:
        model = ConsentEvent
