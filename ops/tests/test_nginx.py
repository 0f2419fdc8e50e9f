"""deploy/nginx/andor.conf in front of gunicorn, both started here as the operator would run
them (on test ports, with a throwaway certificate)."""

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import ROOT, free_port, start_gunicorn, stop

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")),
    reason="nginx and openssl are needed (apt-get install nginx openssl)",
)
HOST = "andor.in"


def site_config(tmp_path, http_port, https_port, app_port, media_root):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={HOST}", "-keyout", str(tmp_path / "privkey.pem")]
        + ["-out", str(tmp_path / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    config = (ROOT / "deploy" / "nginx" / "andor.conf").read_text()
    config = config.replace(f"/etc/letsencrypt/live/{HOST}", str(tmp_path))
    config = config.replace("/srv/andor/media", str(media_root))
    config = config.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    config = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", config)
    config = config.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    config = config.replace("listen 443 ", f"listen 127.0.0.1:{https_port} ")
    return config


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, static_root, site_database):
    tmp_path = tmp_path_factory.mktemp("nginx")
    app, url = start_gunicorn(
        tmp_path / "gunicorn.log", static_root, ALLOWED_HOSTS=f"{HOST},127.0.0.1", **site_database
    )
    app_port = int(url.rsplit(":", 1)[1])
    media = Path(site_database["MEDIA_ROOT"])
    (media / "images").mkdir(parents=True, exist_ok=True)
    (media / "images" / "probe.png").write_bytes(b"\x89PNG\r\n\x1a\n probe")
    http_port, https_port = free_port(), free_port()
    (tmp_path / "andor.conf").write_text(
        site_config(tmp_path, http_port, https_port, app_port, media)
    )
    user = "user root root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"""
        {user}
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        worker_processes 1;
        events {{}}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            include {tmp_path}/andor.conf;
        }}
        """
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.1)
    yield {"http": http_port, "https": https_port, "media": media}
    stop(process)
    stop(app)


def tls_context(alpn=("http/1.1",)):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throwaway certificate of this test
    context.set_alpn_protocols(list(alpn))
    return context


def request(port, method, path, body=None, headers=None, secure=True, timeout=20):
    if secure:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=timeout, context=tls_context()
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def test_plain_http_is_redirected_to_https(nginx):
    status, headers, _ = request(nginx["http"], "GET", "/resources/?a=1", secure=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/resources/?a=1"


def test_pages_are_served_over_https_and_http2(nginx):
    # The site redirects plain HTTP itself too (SECURE_SSL_REDIRECT): a 200 here shows that it
    # believes nginx's X-Forwarded-Proto.
    status, _, body = request(nginx["https"], "GET", "/resources/")
    assert status == 200
    assert b"Twelve questions we hear most often." in body

    with socket.create_connection(("127.0.0.1", nginx["https"])) as raw:
        context = tls_context(alpn=("h2", "http/1.1"))
        with context.wrap_socket(raw, server_hostname=HOST) as tls:
            assert tls.selected_alpn_protocol() == "h2"


def test_documents_are_never_served_from_disk_and_images_are(nginx):
    stored = sorted((nginx["media"] / "documents").iterdir())[0]
    status, _, _ = request(nginx["https"], "GET", f"/media/documents/{stored.name}")
    assert status == 404

    status, headers, body = request(nginx["https"], "GET", "/media/images/probe.png")
    assert status == 200
    assert body.startswith(b"\x89PNG")
    assert "max-age=" in headers["Cache-Control"]

    # Documents are served by the application, which checks their collection's privacy.
    status, _, html = request(nginx["https"], "GET", "/resources/")
    link = re.search(rb'href="(/documents/\d+/[^"]+\.pdf)"', html).group(1).decode()
    status, headers, body = request(nginx["https"], "GET", link)
    assert status == 200
    assert body.startswith(b"%PDF")


def test_request_bodies_are_limited_to_what_the_site_accepts(nginx):
    two_megabytes = b"x" * (2 * 1024 * 1024)
    status, _, _ = request(nginx["https"], "POST", "/newsletter/subscribe/", body=two_megabytes)
    assert status == 413

    # An editor's 20 MB upload reaches the application (which asks for a login).
    twenty_megabytes = b"x" * (20 * 1024 * 1024)
    status, _, _ = request(nginx["https"], "POST", "/admin/documents/add/", body=twenty_megabytes)
    assert status != 413


def test_slow_clients_do_not_hold_the_application(nginx):
    slow = []
    for _ in range(30):  # far more than gunicorn's one worker of four threads
        sock = tls_context().wrap_socket(
            socket.create_connection(("127.0.0.1", nginx["https"])), server_hostname=HOST
        )
        # A form post the application reads (its CSRF check reads the body), whose body
        # never finishes coming.
        sock.sendall(
            f"POST /newsletter/subscribe/ HTTP/1.1\r\nHost: {HOST}\r\n"
            f"Origin: https://{HOST}\r\nCookie: csrftoken={'a' * 32}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 1000\r\n\r\nemail=".encode()
        )
        slow.append(sock)
    try:
        # nginx holds them all until their body is complete (or client_body_timeout, 15 s,
        # drops them); passed on as they came, they would hold every gunicorn thread that long.
        status, _, body = request(nginx["https"], "GET", "/resources/", timeout=10)
        assert status == 200
        assert b"Twelve questions" in body
    finally:
        for sock in slow:
            sock.close()
