"""The old face of intake, kept so existing imports keep working while callers move.

Intake now lives in rooms of one purpose each: ``mail/fetch.py`` (the IMAP fetch loop),
``intake/save.py`` (raw first), ``intake/derive.py`` (raw -> rows, the one function poll and
reparse share), ``intake/filing.py`` (by hand), ``intake/reparse.py``, ``intake/views.py``
(listings) and ``intake/poll.py`` (poll and watch). Import from those; this module only
re-exports them.
"""

from foia_tracker.intake import matching  # noqa: F401 - re-export
from foia_tracker.intake.attachments import extract_filed_documents  # noqa: F401 - re-export
from foia_tracker.intake.context import (  # noqa: F401 - re-export
    Filer,
    IntakeSettings,
    SaveOutcome,
    build_context,
)
from foia_tracker.intake.derive import UNCLASSIFIED  # noqa: F401 - re-export
from foia_tracker.intake.filed import classify_filed  # noqa: F401 - re-export
from foia_tracker.intake.filing import HandFiling, file_by_hand  # noqa: F401 - re-export
from foia_tracker.intake.poll import PollReport, poll, watch  # noqa: F401 - re-export
from foia_tracker.intake.reparse import ReparseReport, reparse, reparse_with  # noqa: F401
from foia_tracker.intake.save import save_message  # noqa: F401 - re-export
from foia_tracker.intake.views import holding_pen, list_messages  # noqa: F401 - re-export
from foia_tracker.mail.fetch import CopyKey, FetchedMessage  # noqa: F401 - re-export
