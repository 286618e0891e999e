"""foia-tracker: run public-records request campaigns from your own mailbox."""

__version__ = "0.1.0"
