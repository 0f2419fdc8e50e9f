"""Requests per second and p99 latency of /resources/ and a field note, in one run:

- through the front (Varnish with deploy/varnish/default.vcl, in front of gunicorn),
- from gunicorn alone (production settings, 2 workers, fragments cached in Redis),
- from nginx serving the same HTML saved as files (the machine's ceiling).

A throwaway SQLite database with the demo content; Redis database 12 for the cache; loopback
only, ports 19120-19123; every server stopped by its PID. Needs wrk (apt-get install wrk).

    .venv/bin/python bench/front.py [--seconds 10] [--connections 32]
"""

import argparse
import gzip
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("stack", ROOT / "deploy" / "varnish" / "stack.py")
stack = importlib.util.module_from_spec(spec)
spec.loader.exec_module(stack)

APP_PORT, FRONT_PORT, NGINX_PORT = 19120, 19121, 19122
NOTE = "/resources/lora-vs-full-sft-vs-rlhf/"
PATHS = ["/resources/", NOTE]
# As browsers ask: every server answers with the page gzipped (Varnish keeps it gzipped, gunicorn
# compresses each response, nginx sends a copy compressed beforehand).
ACCEPT_GZIP = "Accept-Encoding: gzip"

NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/tmp;
    proxy_temp_path {dir}/tmp;
    fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp;
    scgi_temp_path {dir}/tmp;
    default_type text/html;
    gzip_static on;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/html;
        index index.html;
    }}
}}
"""


def wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", ACCEPT_GZIP, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(p99.group(1)), p99.group(2)
    p99_ms = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99_ms, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="andor-bench-front-"))
    work.chmod(0o755)  # nginx's workers read the saved pages as an unprivileged user
    env = stack.app_environment(
        APP_PORT,
        FRONT_PORT,
        {
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "CACHE_URL": "redis://127.0.0.1:6379/12",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "ERROR",
        },
    )
    dev = dict(env, DJANGO_SETTINGS_MODULE="andor_site.settings.dev")
    dev.pop("FRONTEND_CACHE_VARNISH_URL")  # nothing to purge while the content is loaded
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=dev, check=True)
    subprocess.run(
        [python, "manage.py", "load_demo_content"],
        cwd=ROOT,
        env=dev,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stack.collectstatic(env)

    app = front = nginx = None
    try:
        app = stack.start_app(APP_PORT, env, workers=2)
        front = stack.start_front(FRONT_PORT, APP_PORT, work / "varnish")
        stack.wait_for_port(APP_PORT)
        stack.wait_for_port(FRONT_PORT)
        for path in PATHS:  # save the HTML for nginx; warm the fragment cache
            html = urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{path}").read()
            target = work / "nginx" / "html" / path.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
            target.with_name("index.html.gz").write_bytes(gzip.compress(html))
            for folder in [work / "nginx", *target.relative_to(work).parents]:
                (work / folder).chmod(0o755)
        (work / "nginx" / "tmp").mkdir()
        conf = work / "nginx" / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=work / "nginx", port=NGINX_PORT))
        nginx = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"])
        stack.wait_for_port(NGINX_PORT)

        print(f"wrk: 2 threads, {args.connections} connections, {args.seconds} s each")
        print(f"{'page':<40} {'server':<28} {'req/s':>10} {'p99 ms':>9} {'errors':>7}")
        servers = [
            ("front (Varnish)", FRONT_PORT),
            ("gunicorn alone (2 workers)", APP_PORT),
            ("nginx, saved HTML", NGINX_PORT),
        ]
        for path in PATHS:
            for name, port in servers:
                rps, p99, errors = wrk(
                    f"http://127.0.0.1:{port}{path}", args.seconds, args.connections
                )
                print(f"{path:<40} {name:<28} {rps:>10.0f} {p99:>9.2f} {errors:>7}", flush=True)
    finally:
        stack.stop(nginx)
        stack.stop(front)
        stack.stop(app)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
