"""The one way to import a module on demand, for code a run may never need.

Every ``foia`` command starts a fresh Python, and an idle ``foia poll`` (nothing new on the
server) should cost little more than the IMAP round trips. So the commands themselves
(cli/__init__.py) and the filing side of intake (intake/poll.py: parser, classifier, document
extraction) are named here as ``"package.module:attribute"`` and imported when first used.
Everywhere else imports stay at the top of the module (docs/design.md, "The pipeline");
tests/test_layout.py lists the few modules allowed to call ``load``, each with its reason.
"""

from __future__ import annotations

import importlib
from typing import Any


def load(target: str) -> Any:
    """``"package.module:attribute"``: import the module (Python keeps it imported) and return
    the attribute."""
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)
