"""What happened to articles, said once for every app that cares (as pretix's base/signals.py).

news sits below the apps that react (search, publish, engage), so it names the events and
they subscribe; no app calls another's "something changed" function.

Receivers run inside the transaction that made the change: what they write (queued
re-bakes, the content version) commits or rolls back with it.
"""

from django.dispatch import Signal

# Something an article's page shows but the Article row does not hold changed: a source
# collected for it, its approved comments. Arguments: article, reason ("sources", "comments").
article_page_changed = Signal()
