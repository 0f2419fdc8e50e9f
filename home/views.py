from django.http import HttpResponseServerError
from django.template import loader


def server_error(request):
    """The 500 page: the site chrome without anything that needs the database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
