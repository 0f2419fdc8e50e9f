from django.core.management.base import BaseCommand

from search.faq import sync_all_faq_entries
from search.models import FAQEntry


class Command(BaseCommand):
    help = "Rebuild the FAQ entries search finds from the live Resources pages."

    def handle(self, *args, **options):
        sync_all_faq_entries()
        self.stdout.write(f"{FAQEntry.objects.count()} FAQ entries.")
