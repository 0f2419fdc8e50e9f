from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail.models import Page

from .forms import SearchForm

RESULTS_PER_PAGE = 10


@never_cache
def search(request):
    form = SearchForm(request.GET)
    query = ""
    results = None
    if form.is_valid():
        query = form.cleaned_data["q"]
    if query:
        hits = Page.objects.live().public().specific().search(query)
        results = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    return TemplateResponse(
        request,
        "search/search.html",
        {"form": form, "search_query": query, "search_results": results},
        status=status,
    )
