from wagtail.contrib.search_promotions.management.commands import (
    searchpromotions_garbage_collect,
)

from search.models import NoResultsDailyHits


class Command(searchpromotions_garbage_collect.Command):
    help = "Delete old search counts (searches, and searches with no results) and unused queries."

    def handle(self, **options):
        NoResultsDailyHits.garbage_collect()
        super().handle(**options)
