import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse

# Seconds a visitor (or a crawler) is asked to wait when the database cannot be reached.
DATABASE_OUTAGE_RETRY_AFTER = 30


def database_unreachable(error):
    """True for the errors of a database that does not answer (down, refusing connections, a
    connection lost, locked), not for a mistake in a query (ProgrammingError, IntegrityError)."""
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    """The 500 page: the site chrome without anything that needs the database.

    When the error was that the database cannot be reached, the same page says so with
    503 Service Unavailable and Retry-After, so that browsers, crawlers and load balancers know
    it is temporary."""
    error = sys.exception()
    if error is not None and database_unreachable(error):
        template = loader.get_template("503.html")
        response = HttpResponse(template.render({}), status=503)
        response["Retry-After"] = str(DATABASE_OUTAGE_RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))


def rate_limited(request, exception=None):
    """429: the visitor sent too many requests in a short time (django-ratelimit)."""
    response = TemplateResponse(request, "429.html", {}, status=429)
    response["Retry-After"] = "60"
    return response
