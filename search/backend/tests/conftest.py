from search.tests.conftest import (  # noqa: F401 (the search tests' fixtures, shared)
    _clear_cache,
    note_factory,
    on_postgres,
    on_sqlite,
    resources,
    whitepaper,
)
