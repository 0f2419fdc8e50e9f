#!/usr/bin/env python
"""Search latency with 10,000 field notes and 200 whitepapers, on SQLite and PostgreSQL.

Builds a throwaway database with realistic text (the demo content, then generated notes and
whitepapers, indexed with update_index), then times the search page (/search/?q=, the whole
view: counts per type, merged ranking, snippets, template) and the suggestions endpoint
(/search/suggest/?q=) in-process for 20 typical queries, and the odd inputs the search must
survive. Prints median and p95 per database and search backend.

    .venv/bin/python bench/search.py                       # SQLite only
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/search.py                   # SQLite, then PostgreSQL
    .venv/bin/python bench/search.py --backends project,stock   # Wagtail's own backend too

The PostgreSQL database named in DATABASE_URL is dropped and created again: point it at a
database used for nothing else. Not part of the test suite.
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUERIES = [
    "lora", "rag evaluation", "quantization", "distillation", "vlm", "pricing", "DPDP",
    "data privacy", "latency budget", "fine-tuning", "inference cost", "indic ocr",
    "hallucination", "gpu scheduling", "checkpoint", "speculative decoding", "retrieval",
    "mlops monitoring", "vision language models", "agents",
]  # fmt: skip
SUGGEST_QUERIES = ["lo", "rag", "quant", "dist", "how do", "vlm", "infer", "indic", "wp", "eval"]
ODD_QUERIES = [
    "", "rag " * 120, "lora\x00sft", "!?.,;:", "rag & eval | !x:*", '"fixed fee"',
    "देवनागरी लिपि", "বাংলা লিপি", "because the of",
]  # fmt: skip

TOPICS = [
    "LoRA adapters", "full SFT", "RLHF", "DPO", "retrieval-augmented generation", "chunking",
    "reranking", "vector search", "quantization", "distillation", "speculative decoding",
    "KV cache", "batching", "GPU scheduling", "checkpointing", "gradient spikes",
    "evaluation harnesses", "hallucination", "guardrails", "vision-language models", "Indic OCR",
    "Devanagari", "Bengali", "vernacular NLU", "latency budgets", "inference cost", "MLOps",
    "monitoring", "drift", "data pipelines", "labelling", "synthetic data", "agents",
    "tool use", "prompt caching", "tokenizers", "mixture of experts", "edge deployment",
]  # fmt: skip
VERBS = ["cuts", "doubles", "breaks", "stabilises", "explains", "hides", "reduces", "shapes"]
NOUNS = ["latency", "cost per token", "accuracy", "throughput", "recall", "memory", "risk"]


def sentence(rng):
    a, b = rng.sample(TOPICS, 2)
    return (
        f"In production, {a} {rng.choice(VERBS)} {rng.choice(NOUNS)} far more than {b} does, "
        f"once traffic reaches {rng.randint(2, 90)} million requests a month."
    )


def paragraph(rng, sentences):
    return " ".join(sentence(rng) for _ in range(sentences))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


def summary(timings):
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
        "timed": len(timings),
    }


# --- the worker: one database, in-process ---------------------------------------------


def build(notes, whitepapers, seed):
    import io

    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from resources.demo.pdf import build_pdf
    from resources.models import (
        Author,
        NoteCategory,
        ResourcesPage,
        WhitepaperDocument,
    )

    rng = random.Random(seed)  # noqa: S311 (text, not secrets)
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A throwaway database: building it need not wait for the disk at every page saved
            # (reset before anything is timed).
            cursor.execute("SET synchronous_commit = off")
    call_command("load_demo_content", stdout=io.StringIO())
    resources = ResourcesPage.objects.get(slug="resources")
    categories = [
        NoteCategory.objects.get_or_create(name=t.title(), slug=f"bench-{i}")[0]
        for i, t in enumerate(TOPICS[:12])
    ]
    authors = [Author.objects.get_or_create(name=f"Engineer {i}")[0] for i in range(20)]
    start = time.perf_counter()
    add_notes(resources, notes, rng, categories, authors)
    backends = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        for n in range(whitepapers):
            a, b = rng.sample(TOPICS, 2)
            title = f"WP-{n + 100} {a.capitalize()} at scale: {b}"
            document = WhitepaperDocument(title=title, summary=sentence(rng))
            document.file.save(
                f"bench-{n}.pdf", ContentFile(build_pdf(title, [sentence(rng)])), save=False
            )
            document._set_document_file_metadata()
            document.extracted_text = "\n\n".join(paragraph(rng, 12) for _ in range(12))
            document.save()
    created = time.perf_counter() - start
    start = time.perf_counter()
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    indexed = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load (update_index leaves every row of the
            # index table dead once): without it every search also reads the dead rows.
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("RESET synchronous_commit")
    return round(created, 1), round(indexed, 1)


def add_notes(resources, count, rng, categories, authors):
    """``count`` published field notes under ``resources``, written in batches.

    Adding pages one at a time through the page tree takes minutes per thousand on PostgreSQL
    (each insert moves the tree and runs every save hook). Here the tree rows are written in
    bulk with the tree paths Wagtail would give them, then each note's own row, its byline, and
    the parent's child count; the search index is built afterwards by update_index, as on a
    real site after an import.
    """
    import json as json_module

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from resources.models import FieldNotePage, FieldNotePageAuthor

    content_type = ContentType.objects.get_for_model(FieldNotePage)
    last = resources.get_last_child()
    first_step = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    depth = resources.depth + 1
    now = timezone.now()
    batch = 500
    with transaction.atomic():
        for offset in range(0, count, batch):
            rows, notes = [], []
            for n in range(offset, min(count, offset + batch)):
                a, b = rng.sample(TOPICS, 2)
                title = f"{a.capitalize()} versus {b}: note {n}"
                slug = f"bench-note-{n}"
                rows.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        locale_id=resources.locale_id,
                        path=Page._get_path(resources.path, depth, first_step + n),
                        depth=depth,
                        numchild=0,
                        url_path=f"{resources.url_path}{slug}/",
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
                body = [
                    {"type": "paragraph", "value": f"<p>{paragraph(rng, 4)}</p>"},
                    {"type": "heading", "value": {"text": f"Where {b} fits", "level": "h2"}},
                    {"type": "paragraph", "value": f"<p>{paragraph(rng, 5)}</p>"},
                ]
                notes.append(
                    dict(
                        dek=sentence(rng),
                        body=json_module.dumps(body),
                        category=rng.choice(categories),
                        # A few notes a day, going back in time, as on a site with a history.
                        date=now.date() - datetime.timedelta(days=n // 3),
                    )
                )
            Page.objects.bulk_create(rows)
            bylines = []
            for page, fields in zip(rows, notes, strict=True):
                note = FieldNotePage(page_ptr_id=page.pk, **fields)
                note.__dict__.update(
                    {f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields}
                )
                # Only the note's own table: its tree row is written above (as loaddata does).
                note.save_base(raw=True, force_insert=True)
                bylines.append(FieldNotePageAuthor(page_id=page.pk, author=rng.choice(authors)))
            FieldNotePageAuthor.objects.bulk_create(bylines)
        Page.objects.filter(pk=resources.pk).update(numchild=F("numchild") + count)


def measure(rounds):
    from django.test import Client

    client = Client()

    def timed(path, params):
        start = time.perf_counter()
        response = client.get(path, params)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code >= 500:
            raise SystemExit(f"{path} {params!r} answered {response.status_code}")
        return elapsed, response

    per_query, search_times, suggest_times, odd_times = {}, [], [], []
    for q in QUERIES:
        timed("/search/", {"q": q})  # warm-up
        times = [timed("/search/", {"q": q})[0] for _ in range(rounds)]
        _, response = timed("/search/", {"q": q})
        found = re.search(r'search-filters__count">(\d+)<', response.content.decode())
        count = int(found.group(1)) if found else 0
        per_query[q] = {"results": count, "median_ms": round(statistics.median(times), 1)}
        search_times += times
        for page in ("2", "999999"):
            search_times.append(timed("/search/", {"q": q, "page": page})[0])
        search_times.append(timed("/search/", {"q": q, "type": "notes"})[0])
    for q in SUGGEST_QUERIES:
        timed("/search/suggest/", {"q": q})
        suggest_times += [timed("/search/suggest/", {"q": q})[0] for _ in range(rounds)]
    for q in ODD_QUERIES:
        for page in ("1", "abc", "999999"):
            odd_times.append(timed("/search/", {"q": q, "page": page})[0])
    return {
        "search": summary(search_times),
        "suggest": summary(suggest_times),
        "odd_input": summary(odd_times),
        "per_query": per_query,
    }


def worker(options):
    import django

    django.setup()
    from django.db import connection

    from resources.models import FieldNotePage

    if options.reuse and FieldNotePage.objects.count() >= options.notes:
        created = indexed = None  # built by an earlier run
    else:
        created, indexed = build(options.notes, options.whitepapers, options.seed)
    result = measure(options.rounds)
    result.update(
        database=connection.vendor,
        notes=options.notes,
        whitepapers=options.whitepapers,
        build_seconds=created,
        update_index_seconds=indexed,
    )
    print("RESULT " + json.dumps(result))


# --- the runner: one worker per database ----------------------------------------------


def prepare_postgres(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


BACKENDS = {
    "project": "search.backend.database",
    "stock": "wagtail.search.backends.database",
}


def run_worker(database_url, work, options, backend="project", reuse=False):
    env = dict(
        os.environ,
        SEARCH_BACKEND=BACKENDS[backend],
        DJANGO_SETTINGS_MODULE="andor_site.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(work / "media"),
        LOG_LEVEL="ERROR",
        # One client sends every request: no rate limit (the cache stays warm, as in production).
        SEARCH_RATE_LIMIT="1000000/m",
        CONN_MAX_AGE="60",
    )
    args = [sys.executable, __file__, "--worker", "--notes", str(options.notes)]
    args += ["--reuse", str(work)] if options.reuse or reuse else []
    args += ["--whitepapers", str(options.whitepapers), "--rounds", str(options.rounds)]
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    if result.returncode or not lines:
        raise SystemExit(f"benchmark worker failed:\n{result.stderr[-4000:]}")
    result = json.loads(lines[-1][len("RESULT ") :])
    result["backend"] = backend
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--whitepapers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5, help="timed requests per query")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--databases", default="sqlite,postgres", help="which of sqlite,postgres to run"
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="time again on the databases of an earlier run (its SQLite file's folder; "
        "the PostgreSQL database is kept)",
    )
    parser.add_argument(
        "--backends",
        default="project",
        help="which of project,stock to time: the site's search backend (search/backend) "
        "and Wagtail's own database backend, on the same databases",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        sys.path.insert(0, str(ROOT))
        return worker(options)

    work = Path(options.reuse or tempfile.mkdtemp(prefix="andor-bench-search-"))
    print(f"Databases: {work} (SQLite) and DATABASE_URL (PostgreSQL)", file=sys.stderr)
    wanted = options.databases.split(",")
    targets = [f"sqlite:///{work / 'bench.sqlite3'}"] if "sqlite" in wanted else []
    if "postgres" in wanted and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if not options.reuse:
            prepare_postgres(os.environ["DATABASE_URL"])
        targets.append(os.environ["DATABASE_URL"])
    backends = [name for name in options.backends.split(",") if name in BACKENDS]
    rows = []
    for url in targets:
        for i, backend in enumerate(backends):
            result = run_worker(url, work, options, backend, reuse=i > 0)
            print(json.dumps(result))
            rows.append(result)
    if not rows:
        raise SystemExit("Nothing to run: PostgreSQL needs DATABASE_URL.")
    print()
    print(
        f"{'database':<12}{'backend':<9}{'endpoint':<11}{'median ms':>10}{'p95 ms':>9}"
        f"{'max ms':>9}{'n':>6}"
    )
    for row in rows:
        for endpoint in ("search", "suggest", "odd_input"):
            s = row[endpoint]
            print(
                f"{row['database']:<12}{row['backend']:<9}{endpoint:<11}{s['median_ms']:>10}"
                f"{s['p95_ms']:>9}{s['max_ms']:>9}{s['timed']:>6}"
            )
    print(f"({rows[0]['notes']} field notes, {rows[0]['whitepapers']} whitepapers per database)")


if __name__ == "__main__":
    main()
