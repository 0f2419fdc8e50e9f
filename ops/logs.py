"""Logging for production: JSON lines, and the same failure written once per interval.

When a dependency is down (Redis, the database), every request meets the same error: written
each time, a 15-second Redis outage filled the log with a hundred thousand identical
tracebacks. ``OncePerInterval`` lets the first record of an error through with its traceback,
then drops the same error (same logger, exception type and message) for ``LOG_REPEAT_SECONDS``
and, when it next lets it through, says how many were dropped (``repeated``). Records without
an exception (one per request, warnings) are never dropped. Counted per process.
"""

import threading
import time

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class OncePerInterval:
    def __init__(self, seconds=60):
        self.seconds = float(seconds)
        self.seen = {}
        self.lock = threading.Lock()

    def filter(self, record):
        if not record.exc_info or record.exc_info[1] is None:
            return True
        error = record.exc_info[1]
        key = (record.name, type(error).__qualname__, str(error)[:300])
        now = time.monotonic()
        with self.lock:
            if len(self.seen) > 1000:
                self.seen.clear()
            last, dropped = self.seen.get(key, (None, 0))
            if last is not None and now - last < self.seconds:
                self.seen[key] = (last, dropped + 1)
                return False
            self.seen[key] = (now, 0)
        if dropped:
            record.repeated = dropped
        return True


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter; never writes the request object Django attaches to its
    records (its text holds the query string)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("timestamp", "time")
        super().__init__(*args, **kwargs)
