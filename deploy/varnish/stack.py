#!/usr/bin/env python3
"""The production stack on this machine, in the foreground: gunicorn with the production
settings behind Varnish with deploy/varnish/default.vcl. Used by ``make stack``, the front's
integration tests and bench/front.py. Ctrl-C (or SIGTERM) stops both.

    APP_PORT=8000 FRONT_PORT=8080 FRONT_GRACE=6h .venv/bin/python deploy/varnish/stack.py

TLS is off (SECURE_SSL_REDIRECT=False), SECRET_KEY is generated unless set, the database is
DATABASE_URL's (default: the SQLite file of make run), the cache CACHE_URL's (default: Redis).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VENV_BIN = ROOT / ".venv" / "bin"

BACKEND_VCL = """# Written by deploy/varnish/stack.py
vcl 4.1;

backend app {{
    .host = "127.0.0.1";
    .port = "{app_port}";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}}
"""


def app_environment(app_port, front_port, extra=None):
    """The environment gunicorn runs with: production settings, TLS off, purges to the front."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "andor_site.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "False",
            "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]"),
            "CSRF_TRUSTED_ORIGINS": os.environ.get(
                "CSRF_TRUSTED_ORIGINS",
                f"http://127.0.0.1:{front_port},http://localhost:{front_port}",
            ),
            "FRONTEND_CACHE_VARNISH_URL": f"http://127.0.0.1:{front_port}",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{front_port}",
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
    env.update(extra or {})
    return env


def collectstatic(env):
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_app(app_port, env, workers=2):
    wait_for_free_port(app_port)
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "andor_site.wsgi",
            "--bind",
            f"127.0.0.1:{app_port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        # Its own process group, so that stop() ends the workers with the master.
        start_new_session=True,
    )
    process.own_group = True
    return process


def start_front(front_port, app_port, workdir, grace="6h"):
    """varnishd in the foreground (its PID is the returned process's) with the project's VCL
    and a backend file for ``app_port``."""
    wait_for_free_port(front_port)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    # The project's VCL beside a backend file of its own (default.vcl includes it from there).
    (workdir / "andor-backend.vcl").write_text(BACKEND_VCL.format(app_port=app_port))
    shutil.copyfile(HERE / "default.vcl", workdir / "default.vcl")
    return subprocess.Popen(
        [
            shutil.which("varnishd") or "/usr/sbin/varnishd",
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "n"),
            "-a",
            f"127.0.0.1:{front_port}",
            "-T",
            "none",
            "-p",
            "vcl_path=/usr/share/varnish/vcl",
            "-p",
            f"default_grace={grace}",
            "-s",
            "malloc,128m",
            "-f",
            str(workdir / "default.vcl"),
        ],
        stdout=subprocess.DEVNULL,
    )


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def wait_for_free_port(port, timeout=30.0):
    """Waits until nothing listens on the port (a process stopped a moment ago lets go)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"127.0.0.1:{port} is still taken by another process")


def _signal(process, sig):
    try:
        if getattr(process, "own_group", False):
            os.killpg(process.pid, sig)  # the master and its workers
        else:
            process.send_signal(sig)
    except ProcessLookupError:
        pass


def stop(process, timeout=10):
    if process is None:
        return
    if process.poll() is None:
        _signal(process, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            _signal(process, signal.SIGKILL)
            process.wait()
    if getattr(process, "own_group", False):
        # Workers left behind by a master that went first are ended too.
        _signal(process, signal.SIGKILL)


def main():
    app_port = int(os.environ.get("APP_PORT", "8000"))
    front_port = int(os.environ.get("FRONT_PORT", "8080"))
    grace = os.environ.get("FRONT_GRACE", "6h")
    env = app_environment(app_port, front_port)
    collectstatic(env)
    workdir = tempfile.mkdtemp(prefix="andor-front-")
    app = front = None
    try:
        app = start_app(app_port, env, workers=int(os.environ.get("APP_WORKERS", "3")))
        front = start_front(front_port, app_port, workdir, grace)
        wait_for_port(app_port)
        wait_for_port(front_port)
        print(
            f"gunicorn (production settings) on http://127.0.0.1:{app_port}, "
            f"Varnish on http://127.0.0.1:{front_port} (grace {grace}). Ctrl-C stops both.",
            flush=True,
        )
        signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
        while app.poll() is None and front.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop(front)
        stop(app)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
