import re
from urllib.parse import urlsplit

from django.db import connection


def hidden_value(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name!r} in the page"
    return match.group(1)


def form_data(client, page_url, email, **overrides):
    """What a visitor's browser sends after reading the page's newsletter form."""
    html = client.get(page_url).content.decode()
    data = {
        "email": email,
        "consent": "yes",
        "website": "",
        "source_page": hidden_value(html, "source_page"),
        "notice": hidden_value(html, "notice"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def links_in(message):
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def path_of(url):
    return urlsplit(url).path


def confirm_url(message):
    return next(url for url in links_in(message) if "/newsletter/confirm/" in url)


def unsubscribe_url(message):
    return next(url for url in links_in(message) if "/newsletter/unsubscribe/" in url)


def tables_mentioning(text):
    """Every database table with a row that contains the text, in any letter case."""
    found = []
    needle = text.lower()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (table names from the schema)
            for row in cursor.fetchall():
                if needle in " ".join(str(value) for value in row).lower():
                    found.append(table)
                    break
    return found
