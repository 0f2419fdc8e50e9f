# The caching front of the site, for Varnish 7 (Debian 12's varnish 7.1).
#
# Public pages are kept as the application says (Cache-Control: public, s-maxage=...) and purged
# by the application on every change of published content (wagtail.contrib.frontend_cache, see
# home/purge.py). The admin, forms, search, previews and anything for a signed-in editor pass
# straight to the application. While the application is down, kept pages are served stale for
# up to the grace period: the varnishd parameter default_grace (-p default_grace=6h).
#
# The application's address is in andor-backend.vcl beside this file. Purges are accepted only
# from the application's own address (the purgers ACL below: gunicorn runs on this host).
# Check: varnishd -C -f deploy/varnish/default.vcl

vcl 4.1;

include "./andor-backend.vcl";

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Purge requests from the application: PURGE bans one path on every host name (the site may
    # be reached as andor.in or www.andor.in); BAN with X-Ban-Path bans a regular expression.
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            if (!req.http.X-Ban-Path) {
                return (synth(400, "X-Ban-Path missing"));
            }
            ban("obj.http.X-Andor-Path ~ " + req.http.X-Ban-Path);
            return (synth(200, "Banned"));
        }
        ban("obj.http.X-Andor-Path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        # Form posts (newsletter, Book a Call, admin) and anything else: never kept.
        return (pass);
    }

    # The admin (and its previews), Wagtail's password and login forms for private pages, site
    # search and its suggestions, and the newsletter's own pages are per visitor.
    if (req.url ~ "^/(admin|django-admin|_util)(/|$)"
        || req.url ~ "^/search/"
        || req.url ~ "^/newsletter/") {
        return (pass);
    }

    # A signed-in editor or a visitor who has passed a view restriction carries a session:
    # what they see is their own.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }

    # Everything else is the same for every anonymous visitor: its cookies (analytics, a
    # stale CSRF cookie) are dropped so that the page can be served from the cache.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept with the object so that a purge can find it whatever host name it was asked under.
    set beresp.http.X-Andor-Path = regsub(bereq.url, "\?.*$", "");

    if (bereq.url ~ "^/static/") {
        unset beresp.http.Set-Cookie;
    }

    # The application says what may be kept; an answer without Cache-Control is not kept.
    if (!beresp.http.Cache-Control && !bereq.uncacheable) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Errors from the application are never kept (a 404 page is, as the application says).
    if (beresp.status >= 500 && !bereq.uncacheable) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.X-Andor-Path;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
