"""Moving to a search server (README, "Another backend"), as far as this machine allows: the
settings load from the environment, and ``update_index`` reaches the OpenSearch client, which
speaks HTTP to a stand-in server that records what it is sent and answers as OpenSearch does.
Needs the optional client (``requirements-opensearch.txt``, part of the test requirements)."""

import io
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command

pytest.importorskip("opensearchpy")

ROOT = Path(__file__).resolve().parents[2]
PORT = 18151


class FakeOpenSearch(BaseHTTPRequestHandler):
    """Answers the requests update_index makes, and keeps them (method, path, body)."""

    requests = []

    def log_message(self, *args):
        pass

    def _answer(self, status, body=None):
        data = json.dumps(body if body is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        path = self.path.split("?")[0]
        self.requests.append((self.command, path, body))
        if path == "/" and self.command in ("GET", "HEAD"):
            return self._answer(
                200,
                {
                    "name": "stand-in",
                    "cluster_name": "andor",
                    "version": {"distribution": "opensearch", "number": "3.0.0"},
                    "tagline": "The OpenSearch Project: https://opensearch.org/",
                },
            )
        if path.endswith("/_bulk"):
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            actions = [line for line in lines if set(line) <= {"index", "create", "delete"}]
            items = [{next(iter(a)): {"status": 201, "result": "created"}} for a in actions]
            return self._answer(200, {"took": 1, "errors": False, "items": items})
        if self.command in ("HEAD", "DELETE") or (self.command == "GET" and "/_alias" in path):
            return self._answer(404, {"error": "not found", "status": 404})  # nothing there yet
        if self.command == "PUT":
            return self._answer(200, {"acknowledged": True, "index": path.strip("/")})
        return self._answer(200, {"acknowledged": True})

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


@pytest.fixture
def fake_opensearch():
    FakeOpenSearch.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", PORT), FakeOpenSearch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeOpenSearch.requests
    server.shutdown()
    server.server_close()


def loaded_backend_settings(**environ):
    """WAGTAILSEARCH_BACKENDS as the settings build it from these environment variables."""
    env = {**os.environ, **environ, "DJANGO_SETTINGS_MODULE": "andor_site.settings.dev"}
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_the_search_server_settings_load_from_the_environment():
    backends = loaded_backend_settings(
        SEARCH_BACKEND="wagtail.search.backends.opensearch3",
        SEARCH_URL=f"http://127.0.0.1:{PORT}",
        SEARCH_INDEX="andor",
    )

    assert backends == {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [f"http://127.0.0.1:{PORT}"],
            "INDEX_PREFIX": "andor_",
        }
    }


def _indexes(requests):
    """{index alias: (its settings, its mapped properties)} from the recorded requests.

    update_index creates each index under a new name (the alias plus a random suffix), puts
    its mapping, fills it and then points the alias at it."""
    indexes = {}
    for method, path, body in requests:
        parts = path.strip("/").split("/")
        if method != "PUT" or not body:
            continue
        alias = parts[0].rsplit("_", 1)[0]
        settings_, properties = indexes.setdefault(alias, ({}, {}))
        if len(parts) == 1:
            settings_.update(json.loads(body).get("settings", {}))
        elif parts[1] == "_mapping":
            properties.update(json.loads(body)["properties"])
    return indexes


def test_update_index_sends_the_content_to_opensearch_with_the_declared_mappings(
    settings, resources, whitepaper, fake_opensearch
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [f"http://127.0.0.1:{PORT}"],
            "INDEX_PREFIX": "andor_",
        }
    }

    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())

    indexes = _indexes(fake_opensearch)
    assert {"andor_wagtailcore_page", "andor_search_faqentry"} <= indexes.keys()
    # The index settings: the analysers that autocomplete needs (edge n-grams).
    page_settings, _ = indexes["andor_wagtailcore_page"]
    assert "edgengram_analyzer" in page_settings["analysis"]["analyzer"]
    # FAQ entries: the question (boosted, and for autocomplete), the answer, the page filter.
    _, faq = indexes["andor_search_faqentry"]
    assert faq["question"] == {"type": "text", "copy_to": ["_all_text", "_all_text_boost_2_0"]}
    assert faq["answer"]["type"] == "text"
    assert faq["question_edgengrams"]["analyzer"] == "edgengram_analyzer"
    assert faq["page_id_filter"] == {"type": "integer"}
    # Documents: title, summary, PDF title and extracted text; the id and collection filters.
    _, documents = indexes["andor_resources_whitepaperdocument"]
    for name in ("title", "summary", "pdf_title", "extracted_text"):
        assert documents[name]["type"] == "text", name
    assert documents["id_filter"]["type"] in ("integer", "long")
    assert documents["collection_id_filter"] == {"type": "integer"}

    bulk = "\n".join(body for method, path, body in fake_opensearch if path.endswith("/_bulk"))
    assert "How do you handle data privacy and compliance?" in bulk
    assert "Speculative decoding halves the latency" in bulk
