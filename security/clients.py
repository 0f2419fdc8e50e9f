"""Who the client is: the one answer every rate limit and the sign-in lockout ask.

With ``TRUSTED_PROXY_COUNT = 0`` (the default) the client is the address the connection came
from, ``REMOTE_ADDR``, and ``X-Forwarded-For`` is never read: a visitor could write anything
there. Behind N proxies that each append the address they received the request from (nginx's
``$proxy_add_x_forwarded_for``), the client is the N-th address from the right of
``X-Forwarded-For``: whatever a visitor put to the left of it is ignored.

django-ratelimit reads it through ``RATELIMIT_IP_META_KEY`` (so every ``key="ip"`` limit uses
it), django-axes through ``AXES_CLIENT_IP_CALLABLE``.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104  Not a bind address.
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        # The proxy did not say who its client was: count the proxy itself, never a guess.
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
