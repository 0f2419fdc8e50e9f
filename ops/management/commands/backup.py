import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = (
        "Writes one archive with the database, every media file and a manifest of checksums. "
        "Keep SECRET_KEY with it: links already emailed are signed with it."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--output", "-o", help="The archive to write (.tar.gz).")
        where.add_argument(
            "--output-dir",
            default=".",
            help="Folder for andor-backup-<UTC time>.tar.gz (default: the current folder).",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="With --output-dir: keep only the newest N."
        )

    def handle(self, *args, output=None, output_dir=".", keep=0, **options):
        generated = output is None
        if generated:
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(output_dir) / f"andor-backup-{stamp}.tar.gz"
        try:
            manifest = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if keep and generated:
            prune(output_dir, keep)
        files = len(manifest["members"]) - 1
        size = Path(output).stat().st_size
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database and {files} media files "
            f"to {output} ({size} bytes)."
        )
