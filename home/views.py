from django.http import HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse


def server_error(request):
    """The 500 page: the site chrome without anything that needs the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))


def rate_limited(request, exception=None):
    """429: the visitor sent too many requests in a short time (django-ratelimit)."""
    response = TemplateResponse(request, "429.html", {}, status=429)
    response["Retry-After"] = "60"
    return response
