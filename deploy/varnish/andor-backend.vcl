# Where the application listens. default.vcl includes this file from its own folder; make
# stack writes its own copy with APP_PORT; production installs this one (adjust .port to
# gunicorn's --bind). It compiles on its own too: varnishd -C -f andor-backend.vcl

vcl 4.1;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    # No health probe: with the application down, every fetch fails and kept pages are
    # served stale for the grace period (default_grace) while Varnish keeps trying.
}
