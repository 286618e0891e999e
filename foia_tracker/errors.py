"""Domain errors. Library code raises these; only the CLI turns them into messages and exit codes.

Each message is one sentence that tells the user what to do. Never put a secret in one.
"""


class FoiaError(Exception):
    """Base class. ``exit_code`` 1: the command ran and found a problem; 2: usage/configuration."""

    exit_code = 1


class ConfigError(FoiaError):
    exit_code = 2


class UsageError(FoiaError):
    exit_code = 2


class UnknownJurisdiction(UsageError):
    pass


class SecretError(ConfigError):
    """A password or token could not be obtained. The message never contains the secret."""


class ImportProblems(FoiaError):
    """Some rows of an import were bad; ``problems`` lists (line, reason)."""

    def __init__(self, message: str, problems: list[tuple[int, str]]):
        super().__init__(message)
        self.problems = problems


class TemplateError(FoiaError):
    exit_code = 2


class NotFound(FoiaError):
    exit_code = 2


class StoreError(FoiaError):
    pass


class LockedError(FoiaError):
    """Another writer (send, poll, followup --send) holds the store lock."""


class DeliveryError(FoiaError):
    """SMTP trouble that stops a run (AUTH, MAIL, DATA, quota or policy)."""


class MailboxError(FoiaError):
    """IMAP trouble: login, TLS, folder selection."""


class TransitionError(FoiaError):
    """A status change the lifecycle table does not allow."""


class MissingTool(FoiaError):
    """An optional outside program (e.g. Tesseract for OCR) is not installed."""
