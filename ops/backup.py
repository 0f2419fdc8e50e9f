"""One-archive backups of the database and the media files, and their restore.

An archive (``.tar.gz``) holds:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  copied with SQLite's online backup API, consistent while the site runs);
- ``media/<name>`` for every file of the default storage (documents, images, renditions),
  read through the storage, so it works with files on disk and in a bucket alike;
- ``manifest.json``: when, which database, the SHA-256 and size of every other member, the
  latest migration of each app, and a fingerprint of SECRET_KEY (not the key).

A restore checks every checksum before it touches anything, then loads the database into an
empty database and the files into an empty storage, and reads every file back to check it.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.crypto import salted_hmac

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def key_fingerprint(key):
    """Tells whether two keys are the same without writing either down."""
    return salted_hmac("andor.backup.key", "fingerprint", secret=key).hexdigest()[:16]


def sha256_of(fileobj):
    digest = hashlib.sha256()
    size = 0
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def storage_files(storage, folder=""):
    """Every file name in a storage, recursively, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [str(PurePosixPath(folder, name)) if folder else name for name in files]
    for sub in folders:
        names += storage_files(storage, str(PurePosixPath(folder, sub)) if folder else sub)
    return sorted(names)


def _postgres_command(program, settings_dict, *args):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    command = [program]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [flag, str(settings_dict[key])]
    return [*command, *args], env


def dump_database(target):
    vendor = connection.vendor
    if vendor == "postgresql":
        command, env = _postgres_command(
            "pg_dump",
            connection.settings_dict,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            connection.settings_dict["NAME"],
        )
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"No backup for the {vendor} database.")


def load_database(source):
    vendor = connection.vendor
    if vendor == "postgresql":
        command, env = _postgres_command(
            "pg_restore",
            connection.settings_dict,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        )
        connection.close()
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    elif vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        raise BackupError(f"No restore for the {vendor} database.")


def database_member():
    return "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"


class _Hashing(io.RawIOBase):
    """Reads a file while computing its SHA-256 and size."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(archive, name, fileobj, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    info.mode = 0o600
    reader = _Hashing(fileobj)
    archive.addfile(info, reader)
    if reader.size != size:
        raise BackupError(f"{name} changed size while it was copied.")
    return {"name": name, "sha256": reader.digest.hexdigest(), "size": size}


def create_backup(output, storage=default_storage):
    """Writes the archive to ``output`` (written beside it first, then renamed). Returns the
    manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="andor-backup-") as work:
        dump = Path(work) / database_member()
        dump_database(dump)
        members = []
        with tarfile.open(partial, "w:gz") as archive:
            with dump.open("rb") as handle:
                members.append(_add(archive, dump.name, handle, dump.stat().st_size))
            for name in storage_files(storage):
                with storage.open(name, "rb") as handle:
                    members.append(_add(archive, f"media/{name}", handle, storage.size(name)))
            manifest = {
                "format": FORMAT,
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "database": {"vendor": connection.vendor, "member": dump.name},
                "members": members,
                "migrations": latest_migrations(),
                "secret_key_fingerprint": key_fingerprint(settings.SECRET_KEY),
            }
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
    os.replace(partial, output)
    return manifest


def latest_migrations():
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def read_manifest(archive):
    try:
        handle = archive.extractfile(MANIFEST)
    except KeyError:
        raise BackupError("The archive has no manifest.json: not a backup of this site.") from None
    manifest = json.load(handle)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_media_name(member):
    path = PurePosixPath(member)
    if path.is_absolute() or ".." in path.parts or path.parts[0] != "media" or len(path.parts) < 2:
        raise BackupError(f"Refusing the archive: unsafe file name {member!r}.")
    return str(PurePosixPath(*path.parts[1:]))


def verify_archive(path):
    """Checks every member against the manifest; returns the manifest. Raises BackupError."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        expected = {m["name"]: m for m in manifest["members"]}
        seen = set()
        for info in archive:
            if info.name == MANIFEST:
                continue
            if info.name not in expected or not info.isfile():
                raise BackupError(f"{info.name} is in the archive but not in its manifest.")
            digest, size = sha256_of(archive.extractfile(info))
            if (digest, size) != (expected[info.name]["sha256"], expected[info.name]["size"]):
                raise BackupError(f"Checksum mismatch for {info.name}: the archive is damaged.")
            seen.add(info.name)
        missing = set(expected) - seen
        if missing:
            raise BackupError(f"Missing from the archive: {', '.join(sorted(missing))}.")
    for member in manifest["members"]:
        if member["name"] != manifest["database"]["member"]:
            _safe_media_name(member["name"])
    return manifest


def database_is_empty():
    return not connection.introspection.table_names()


def restore_backup(path, storage=default_storage):
    """Restores into an empty database and an empty storage; returns (manifest, warnings)."""
    manifest = verify_archive(path)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The archive holds a {vendor} database; this site is set up for {connection.vendor}."
        )
    if not database_is_empty():
        raise BackupError(
            "The database is not empty. Restore into a new, empty database (createdb, or a new "
            "SQLite file): a restore never overwrites data."
        )
    if storage_files(storage):
        raise BackupError(
            "The media storage is not empty. Restore into an empty MEDIA_ROOT (or bucket)."
        )
    warnings = []
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if manifest["secret_key_fingerprint"] not in {key_fingerprint(k) for k in keys}:
        warnings.append(
            "SECRET_KEY differs from the key of the backed-up site and is not in "
            "SECRET_KEY_FALLBACKS: confirmation and unsubscribe links already emailed will not "
            "work. Set SECRET_KEY (or SECRET_KEY_FALLBACKS) to the old key."
        )
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        member = manifest["database"]["member"]
        dump = Path(work) / member
        with archive.extractfile(member) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        load_database(dump)
        for entry in manifest["members"]:
            if entry["name"] == member:
                continue
            name = _safe_media_name(entry["name"])
            with archive.extractfile(entry["name"]) as source:
                saved = storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}.")
            with storage.open(name, "rb") as handle:
                if sha256_of(handle) != (entry["sha256"], entry["size"]):
                    raise BackupError(f"{name} differs from the archive after it was stored.")
    return manifest, warnings


def prune(folder, keep):
    """Keeps the newest ``keep`` archives made by ``backup --output-dir`` in folder."""
    archives = sorted(Path(folder).glob("andor-backup-*.tar.gz"))
    for old in archives[:-keep] if keep else []:
        old.unlink()
