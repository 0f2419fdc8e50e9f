"""Editors pin results for a query; every search is counted; editors see what people search."""

import re

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import NoResultsDailyHits

from .test_search_page import links, search, titles


def test_a_promoted_page_comes_first_and_is_not_repeated(client, resources, note_factory):
    pinned = note_factory(title="Retrieval at scale", dek="Retrieval, measured.")
    for n in range(3):
        note_factory(title=f"Retrieval retrieval retrieval {n}", dek="Retrieval retrieval.")
    SearchPromotion.objects.create(
        query=Query.get("Retrieval"),
        page=pinned,
        description="Our guide to retrieval.",
        sort_order=0,
    )

    _, html = search(client, "retrieval")

    assert titles(html)[0] == "Retrieval at scale"
    assert links(html).count(pinned.url) == 1
    assert '<span class="result__badge">Recommended</span>' in html
    assert "Our guide to <mark>retrieval</mark>." in html
    assert "4 results for “retrieval”." in html


def test_a_promoted_external_link_is_shown_for_its_query(client, home_page):
    SearchPromotion.objects.create(
        query=Query.get("careers"),
        external_link_url="https://jobs.example.com/andor",
        external_link_text="Jobs at AndOr",
        sort_order=0,
    )

    _, html = search(client, "Careers")

    assert titles(html) == ["Jobs at AndOr"]
    assert links(html) == ["https://jobs.example.com/andor"]


def test_each_search_is_counted_and_searches_with_no_results_too(client, resources):
    search(client, "pricing")
    search(client, "  PRICING ")
    search(client, "pricing", page="2")  # paging is not a new search
    search(client, "pricing", type="faqs")  # nor is narrowing it
    search(client, "zebra")

    assert Query.get("pricing").hits == 2
    assert Query.get("zebra").hits == 1
    assert not NoResultsDailyHits.objects.filter(query__query_string="pricing").exists()
    assert NoResultsDailyHits.objects.get(query__query_string="zebra").hits == 1


def test_editors_see_popular_searches_and_searches_with_no_results(editor_client, resources):
    for q in ["pricing", "pricing", "pricing", "zebra", "zebra"]:
        search(editor_client, q)

    html = editor_client.get(reverse("search_reports:popular")).content.decode()
    rows = re.findall(r'<a href="/search/\?q=(\w+)"', html)
    assert rows[:2] == ["pricing", "zebra"]

    html = editor_client.get(reverse("search_reports:no_results")).content.decode()
    rows = re.findall(r'<a href="/search/\?q=(\w+)"', html)
    assert rows == ["zebra"]

    menu = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Searches with no results" in menu


def test_search_reports_are_for_editors_who_manage_promotions(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="x")
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)

    assert client.get(reverse("search_reports:no_results")).status_code in (302, 403)

    group.permissions.add(Permission.objects.get(codename="add_searchpromotion"))
    assert client.get(reverse("search_reports:no_results")).status_code == 200


def test_garbage_collection_prunes_old_counts_of_both_kinds(client, home_page):
    import datetime
    import io

    from django.core.management import call_command
    from wagtail.contrib.search_promotions.models import QueryDailyHits

    search(client, "zebra")
    old = datetime.date.today() - datetime.timedelta(days=30)
    QueryDailyHits.objects.update(date=old)
    NoResultsDailyHits.objects.update(date=old)
    search(client, "yak")

    call_command("searchpromotions_garbage_collect", stdout=io.StringIO())

    assert list(Query.objects.values_list("query_string", flat=True)) == ["yak"]
    assert list(NoResultsDailyHits.objects.values_list("query__query_string", flat=True)) == ["yak"]
