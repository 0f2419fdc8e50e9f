"""Delete sign-ups never confirmed within 30 days. Meant for a daily cron job."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from newsletter.data_rights import PURGE_AFTER, purge_unconfirmed, unconfirmed_subscribers


class Command(BaseCommand):
    help = (
        "Delete newsletter sign-ups that were never confirmed and whose confirmation email is "
        "older than 30 days, with their consent history. Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=PURGE_AFTER.days, help="Age in days (default 30)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, days, dry_run=False, **options):
        older_than = timedelta(days=days)
        if dry_run:
            count = unconfirmed_subscribers(older_than).count()
            self.stdout.write(f"Would delete {count} unconfirmed sign-ups.")
            return
        count = purge_unconfirmed(older_than)
        self.stdout.write(f"Deleted {count} unconfirmed sign-ups older than {days} days.")
