"""Erase everything held about an email address."""

from django.core.management.base import BaseCommand, CommandError

from newsletter.data_rights import erase_data, export_data


class Command(BaseCommand):
    help = (
        "Erase everything held about an email address: the newsletter subscriber, its consent "
        "history and any form submission that mentions the address. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The address, in any letter case.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, email, interactive=True, **options):
        held = export_data(email)
        if held["newsletter"] is None and not held["form_submissions"]:
            self.stdout.write("Nothing is held about this address.")
            return
        if interactive:
            answer = input(f"Erase everything held about {held['email']}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing erased.")
        erased = erase_data(email)
        self.stdout.write(
            "Erased {subscribers} subscriber, {consent_events} consent events and "
            "{form_submissions} form submissions.".format(**erased)
        )
