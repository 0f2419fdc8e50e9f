"""Media in an S3-compatible bucket, switched on by environment variables alone: tested against
moto's S3 server, started here."""

import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import environ
import pytest
import wagtail_factories
from django.core.files.storage import storages
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection

from andor_site.settings.base import object_storage
from resources.models import WhitepaperDocument
from resources.tests.test_documents_upload import pdf_bytes, single_upload, upload

from .conftest import free_port

BUCKET = "andor-media"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3_server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """The settings as the environment variables make them, and the bucket's client."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)

    storages = object_storage(environ.Env())
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, **storages}
    settings.WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
    return client


def keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def public(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI") == ALL_USERS for grant in grants)


def test_without_a_bucket_media_stay_on_disk(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert object_storage(environ.Env()) == {}


def test_a_document_is_uploaded_served_and_deleted_through_the_bucket(
    bucket, editor_client, client, django_capture_on_commit_callbacks
):
    data = pdf_bytes()
    response = single_upload(editor_client, upload(data))
    assert response.status_code == 302
    document = WhitepaperDocument.objects.get()

    # Uploaded into the bucket, as a private object.
    assert keys(bucket) == [f"documents/{document.file.name.split('/', 1)[1]}"]
    key = keys(bucket)[0]
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == data
    assert not public(bucket, key)

    # Served by Wagtail's serve view, which reads it from the bucket.
    served = client.get(document.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == data

    # Deleted from the bucket with the document (once the deletion is committed).
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert response.status_code == 302
    assert not WhitepaperDocument.objects.exists()
    assert keys(bucket) == []


def test_image_renditions_are_public_objects_with_plain_addresses(bucket, db, monkeypatch):
    # Wagtail picks the renditions' storage once, when the models load (at start-up, from the
    # environment); this process started without the bucket.
    field = get_image_model().get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(field, "storage", storages["renditions"])
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(), title="Diagram"
    )
    rendition = image.get_rendition("width-100")

    assert not public(bucket, image.file.name)
    assert public(bucket, rendition.file.name)
    assert "Signature" not in rendition.url and "X-Amz" not in rendition.url
    with urllib.request.urlopen(rendition.url) as response:  # noqa: S310 (moto on 127.0.0.1)
        assert response.status == 200
