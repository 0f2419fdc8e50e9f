#!/usr/bin/env python
"""Render time, SQL queries and page weight of the Resources page and a field note.

Serves the demo content with the production settings and the production server (gunicorn),
then prints, per page: server render time (median and p95 over --requests sequential requests
on one keep-alive connection, after a warm-up), SQL queries per request, HTML bytes and
gzip-compressed bytes, and the CSS/JS the page loads (bytes, compressed bytes, requests).

Times and queries are given twice: "warm", the page's blocks read from the cache (what most
visitors get), and "cold", the content version renewed before every request, so that every
block is rendered from the database (what the first visitor after any content change gets).

    .venv/bin/python bench/render_pages.py         # a throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_render \
        .venv/bin/python bench/render_pages.py
    .venv/bin/python bench/render_pages.py --conn-max-age 0   # a connection per request

With DATABASE_URL the database is created if missing and its tables dropped and rebuilt: point
it at a database used for nothing else. The cache is Redis (CACHE_URL, default
redis://127.0.0.1:6379/15), as in production. Prints one JSON line per page, then a summary table.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/resources/", "/resources/lora-vs-full-sft-vs-rlhf/"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def prepare_postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


# The cache key of home.fragments.VERSION_KEY as Django's Redis cache stores it.
VERSION_REDIS_KEY = ":1:andor:content-version"


def time_requests(port, path, count, warmup, before=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    body = b""
    for index in range(warmup + count):
        if before is not None:
            before()
        start = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        if index >= warmup:
            timings.append(elapsed)
    connection.close()
    return timings, body


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Encoding": "gzip"})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data, response.getheader("Content-Encoding")


def assets_of(html):
    css = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    js = re.findall(r'<script[^>]+src="([^"]+)"', html)
    return css + js


QUERY_COUNT = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from home.fragments import renew_content_version
client = Client(HTTP_HOST="127.0.0.1")
result = {}
for path in %r:
    client.get(path)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    renew_content_version()
    with CaptureQueriesContext(connection) as cold:
        client.get(path)
    result[path] = {"warm": len(warm), "cold": len(cold)}
print(json.dumps(result))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--conn-max-age",
        help="CONN_MAX_AGE for the server (default: the production default, 60); 0 opens a "
        "database connection per request",
    )
    parser.add_argument("--port", type=int, help="gunicorn's port (default: any free one)")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="andor-bench-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'bench.sqlite3'}"
    if database_url.startswith("postgres"):
        prepare_postgres(database_url)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="andor_site.settings.production",
        SECRET_KEY="bench-" + os.urandom(24).hex(),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=database_url,
        CACHE_URL=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/15"),
        MEDIA_ROOT=str(work / "media"),
        STATIC_ROOT=str(work / "static"),
        LOG_LEVEL="ERROR",
    )
    if options.conn_max_age is not None:
        env["CONN_MAX_AGE"] = options.conn_max_age
    run(["migrate", "--noinput"], env)
    run(["load_demo_content"], env)
    run(["collectstatic", "--noinput"], env)
    queries = json.loads(
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", QUERY_COUNT % (PAGES,)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    port = options.port or free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "andor_site.wsgi",
            "--workers",
            str(options.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        # One JSON line per request, as in production, kept out of the figures' way.
        stderr=(work / "server.log").open("wb"),
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        import redis

        cache = redis.Redis.from_url(env["CACHE_URL"])
        rows = []
        for path in PAGES:
            cold, _ = time_requests(
                port,
                path,
                options.requests,
                options.warmup,
                before=lambda: cache.delete(VERSION_REDIS_KEY),
            )
            timings, body = time_requests(port, path, options.requests, options.warmup)
            html = body.decode()
            status, wire, encoding = fetch(port, path)
            asset_bytes = asset_wire = 0
            assets = assets_of(html)
            for asset in assets:
                _, raw, _ = fetch(port, asset.replace("http://127.0.0.1", ""))
                a_status, a_wire, _ = fetch(port, asset)
                asset_bytes += (
                    len(gzip.decompress(a_wire)) if a_wire[:2] == b"\x1f\x8b" else len(a_wire)
                )
                asset_wire += len(a_wire)
            row = {
                "page": path,
                "database": database_url.split(":", 1)[0],
                "conn_max_age": env.get("CONN_MAX_AGE", "default (60)"),
                "render_ms_median": round(statistics.median(timings), 2),
                "render_ms_p95": round(percentile(timings, 0.95), 2),
                "render_ms_min": round(min(timings), 2),
                "cold_render_ms_median": round(statistics.median(cold), 2),
                "cold_render_ms_p95": round(percentile(cold, 0.95), 2),
                "requests_timed": len(timings),
                "sql_queries": queries[path]["warm"],
                "cold_sql_queries": queries[path]["cold"],
                "html_bytes": len(body),
                "html_bytes_gzip": len(wire) if encoding == "gzip" else len(gzip.compress(body)),
                "html_served_compressed": encoding == "gzip",
                "assets": len(assets),
                "asset_bytes": asset_bytes,
                "asset_bytes_gzip": asset_wire,
                "first_load_requests": 1 + len(assets),
            }
            row["first_load_bytes_gzip"] = row["html_bytes_gzip"] + asset_wire
            rows.append(row)
            print(json.dumps(row))
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        "| page | db | warm median / p95 ms | SQL | cold median / p95 ms | SQL "
        "| HTML B | HTML gz B | requests | first load gz B |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['page']} | {r['database']} | {r['render_ms_median']} / {r['render_ms_p95']} "
            f"| {r['sql_queries']} | {r['cold_render_ms_median']} / {r['cold_render_ms_p95']} "
            f"| {r['cold_sql_queries']} | {r['html_bytes']} | {r['html_bytes_gzip']} "
            f"| {r['first_load_requests']} | {r['first_load_bytes_gzip']} |"
        )


if __name__ == "__main__":
    main()
