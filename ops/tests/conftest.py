import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Servers started by the tests listen on 50 ports from TEST_PORT_BASE (default 18400) only.
PORT_BASE = int(os.environ.get("TEST_PORT_BASE", 18400))
PORTS = iter(range(PORT_BASE, PORT_BASE + 50))


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORT_BASE}-{PORT_BASE + 49}")


def production_env(**overrides):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="andor_site.settings.production",
        SECRET_KEY="test-only-" + os.urandom(16).hex(),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        CACHE_URL="redis://127.0.0.1:6379/14",
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def unreachable_database_url():
    """A database of the kind the suite runs on that cannot be reached."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "postgres://postgres@127.0.0.1:1/andor"  # nothing listens on port 1
    return "sqlite:////nonexistent-folder/andor.sqlite3"


@pytest.fixture(scope="session")
def static_root():
    """Static files collected once, as a deployment does (the production settings need their
    manifest)."""
    folder = Path(tempfile.mkdtemp(prefix="andor-static-"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(folder), DATABASE_URL=unreachable_database_url()),
        check=True,
        capture_output=True,
    )
    yield str(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def site_database():
    """A SQLite file with the migrated schema and the demo content, for servers started by the
    tests (the suite's own test database lives in memory or in one transaction)."""
    folder = Path(tempfile.mkdtemp(prefix="andor-ops-"))
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    env = production_env(DATABASE_URL=url, MEDIA_ROOT=str(folder / "media"))
    for command in (["migrate", "--noinput"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    yield {"DATABASE_URL": url, "MEDIA_ROOT": str(folder / "media")}
    shutil.rmtree(folder, ignore_errors=True)


def start_gunicorn(log, static_root, **env):
    """gunicorn with deploy/gunicorn.conf.py and the production settings, one worker of four
    threads; returns the process and its address once it accepts connections."""
    port = free_port()
    env = production_env(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="4",
        STATIC_ROOT=static_root,
        **env,
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.1)
    return process, f"http://127.0.0.1:{port}"


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def gunicorn(tmp_path, static_root):
    """Starts gunicorn (start_gunicorn); returns its address and a function that reads what it
    has logged. Stopped by its PID."""
    servers = []

    def start(**env):
        log = tmp_path / f"gunicorn-{len(servers)}.log"
        process, url = start_gunicorn(log, static_root, **env)
        servers.append(process)
        return url, lambda: log.read_text()

    yield start
    for process in servers:
        stop(process)
