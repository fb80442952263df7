import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polon.settings")
application = get_wsgi_application()

# Each server process holds its own search engine (polon.registry.search_index): build it now, not on the
# first search.
from polon.registry.search_index import warm_up  # noqa: E402

warm_up()
