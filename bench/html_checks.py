#!/usr/bin/env python
"""HTML validity (Nu HTML Checker) and Lighthouse scores of the demo site's page types.

Builds a throwaway SQLite database with the demo content, serves it with the development
server on a free port (DEBUG on, so that static files and images are served too), sets the
site's address to it (``manage.py set_site_url``) and prints, per page, the Nu HTML Checker's
error count (``vnu.jar --errors-only``) and Lighthouse's mobile scores (its default mobile
emulation and simulated throttling): performance, accessibility, best practices and SEO, with
the audits that did not pass.

    .venv/bin/python bench/html_checks.py                   # every page type
    .venv/bin/python bench/html_checks.py --no-lighthouse   # the HTML checker only

Tools: Java 11+ and Debian's chromium (``CHROME_PATH``, default /usr/bin/chromium); the npm
packages ``vnu-jar`` and ``lighthouse`` are installed with npm into ``--tools`` (default
``$BENCH_TOOLS_DIR`` or ``~/.cache/andor-bench-tools``) the first time. Prints one JSON line per
page and check, then a summary table.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "home": "/",
    "standard (privacy policy)": "/privacy/",
    "resources": "/resources/",
    "field note": "/resources/lora-vs-full-sft-vs-rlhf/",
    "book a call": "/book-a-call/",
}
LIGHTHOUSE_VERSION = "12.2.3"  # 13 needs Node 22
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")


def install_tools(tools):
    tools.mkdir(parents=True, exist_ok=True)
    needed = []
    if not (tools / "node_modules/vnu-jar/build/dist/vnu.jar").exists():
        needed.append("vnu-jar")
    if not (tools / "node_modules/lighthouse/cli/index.js").exists():
        needed.append(f"lighthouse@{LIGHTHOUSE_VERSION}")
    if needed:
        if not (tools / "package.json").exists():
            (tools / "package.json").write_text('{"private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "-E", *needed],
            cwd=tools,
            check=True,
        )


def vnu(tools, url, workdir):
    html = workdir / "page.html"
    html.write_bytes(urllib.request.urlopen(url, timeout=60).read())  # noqa: S310 (local server)
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(tools / "node_modules/vnu-jar/build/dist/vnu.jar"),
            "--errors-only",
            "--format",
            "json",
            str(html),
        ],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    return {"errors": len(errors), "messages": [m.get("message", "")[:160] for m in errors[:5]]}


def lighthouse(tools, url, workdir, attempts=3):
    """Lighthouse's mobile report; a run that fails (it sometimes loses the page load's trace,
    NO_NAVSTART) is tried again."""
    for attempt in range(attempts):
        try:
            return _lighthouse(tools, url, workdir)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise
    return None


def _lighthouse(tools, url, workdir):
    report = workdir / "lighthouse.json"
    subprocess.run(
        [
            "node",
            str(tools / "node_modules/lighthouse/cli/index.js"),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=performance,accessibility,best-practices,seo",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    data = json.loads(report.read_text())
    scores = {
        name: round((category["score"] or 0) * 100) for name, category in data["categories"].items()
    }
    failed = sorted(
        f"{name}:{ref['id']}"
        for name, category in data["categories"].items()
        if name != "performance"
        for ref in category["auditRefs"]
        if ref.get("weight")
        and (data["audits"][ref["id"]].get("score") or 0) < 1
        and data["audits"][ref["id"]].get("scoreDisplayMode") not in ("notApplicable", "manual")
    )
    return {"scores": scores, "failed_audits": failed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_tools = os.environ.get("BENCH_TOOLS_DIR") or Path.home() / ".cache/andor-bench-tools"
    parser.add_argument("--tools", type=Path, default=Path(default_tools))
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    options = parser.parse_args()
    install_tools(options.tools)

    workdir = Path(tempfile.mkdtemp(prefix="andor-html-checks-"))
    port = options.port or free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "andor_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "CACHE_URL": "locmemcache://",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    manage(["migrate", "--noinput"], env)
    manage(["load_demo_content"], env)
    manage(["set_site_url"], env)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5)  # noqa: S310 (local server)
                break
            except OSError:
                time.sleep(0.3)
        for label, path in PAGES.items():
            row = {"page": label, "url": path, "vnu": vnu(options.tools, base + path, workdir)}
            if not options.no_lighthouse:
                row["lighthouse_mobile"] = lighthouse(options.tools, base + path, workdir)
            print(json.dumps(row), flush=True)
            rows.append(row)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print("| page | Nu errors | LH perf | LH a11y | LH best practices | LH SEO |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        scores = row.get("lighthouse_mobile", {}).get("scores", {})
        print(
            f"| {row['page']} | {row['vnu']['errors']} | {scores.get('performance', '–')} | "
            f"{scores.get('accessibility', '–')} | {scores.get('best-practices', '–')} | "
            f"{scores.get('seo', '–')} |"
        )


if __name__ == "__main__":
    main()
