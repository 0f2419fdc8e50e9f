from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restores an archive made by `manage.py backup` into an empty database and an empty "
        "media storage, after checking every checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest, warnings = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        files = len(manifest["members"]) - 1
        self.stdout.write(
            f"Restored the {manifest['database']['vendor']} database and {files} media files "
            f"backed up at {manifest['created']}; every checksum matched."
        )
