"""Print (or write to a file) everything held about an email address, as JSON."""

import json

from django.core.management.base import BaseCommand

from newsletter.data_rights import export_data


class Command(BaseCommand):
    help = (
        "Export everything held about an email address (newsletter subscription, consent "
        "history, form submissions) as JSON, for a data access request."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address, in any letter case.")
        parser.add_argument("--output", "-o", help="Write to this file instead of the console.")

    def handle(self, *args, email, output=None, **options):
        text = json.dumps(export_data(email), indent=2, ensure_ascii=False, default=str)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
