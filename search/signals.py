"""Keeping search's own rows fresh as editors publish, unpublish and delete pages.

Pages and documents are indexed by Wagtail itself on save and delete; FAQ entries follow their
Resources page here. Deleting a page deletes its entries (and their index rows) by cascade.
"""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from resources.models import ResourcesPage

from .faq import sync_faq_entries


@receiver(page_published, sender=ResourcesPage)
@receiver(page_unpublished, sender=ResourcesPage)
def _resources_page_changed(sender, instance, **kwargs):
    sync_faq_entries(instance)
