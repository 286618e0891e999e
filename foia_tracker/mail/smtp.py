"""The SMTP side of sending: one session per run, replies sorted by the stage they answer.

Only RCPT TO speaks about one recipient (RFC 5321 4.2.5). Everything else at AUTH, MAIL or DATA,
and policy or quota codes, speaks about us and stops the run. A connection that fails after the
letter's data went out and before the server's reply leaves an outcome nobody can know
("unknown"): the outbox marks it ``uncertain`` and stops, never retrying it blindly.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from foia_tracker.config import SmtpSettings
from foia_tracker.crash import crash_point
from foia_tracker.errors import DeliveryError
from foia_tracker.mail import imap as mailbox
from foia_tracker.mail.headers import PLAIN_ADDRESS
from foia_tracker.secrets import get_secret

# RFC 3463: class.subject.detail, e.g. "5.1.1" (bad mailbox), "5.7.1" (policy), "5.4.5" (quota).
_ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")


@dataclass(frozen=True)
class SmtpOutcome:
    kind: str  # sent | bounced | deferred | stop | unknown
    reply: str


def classify_reply(stage: str, code: int, text: str) -> str:
    """What an SMTP refusal means for the run: bounced (this address), deferred, or stop.

    An enhanced code 5.1.x (RFC 3463 "addressing status") means a bad address wherever it
    comes. 5.4.5 (quota) and 5.7.x (policy, authentication) speak about us: stop. X.2.2
    (mailbox full) is temporary whatever its class (RFC 3463 3.3), and so is 552 at RCPT: RFC
    5321 4.5.3.1.10 says clients should treat it as 452, so the agency is tried again later.
    """
    enhanced = _ENHANCED.search(text)
    detail = (int(enhanced[1]), int(enhanced[2]), int(enhanced[3])) if enhanced else None
    if detail and detail[0] == 5 and (detail[1] == 7 or detail[1:] == (4, 5)):
        return "stop"
    if (stage == "rcpt" and code == 552) or (detail and detail[1:] == (2, 2)):
        return "deferred"  # one recipient per transaction: the full mailbox is the agency's
    if detail and detail[0] == 5 and detail[1] == 1:
        return "bounced"
    if stage == "rcpt" and 500 <= code < 600:
        return "bounced"
    if stage == "rcpt" and 400 <= code < 500:
        return "deferred"  # greylisting: try again next run
    return "stop"


class _Reconnect(Exception):
    """The server closed on us (421, idle timeout) before it took the letter: safe to retry."""


class _DataSent(Exception):
    """The connection failed after the whole letter went out: it may or may not have arrived."""


def _path(address: str) -> str:
    """A plain addr-spec (RFC 5321 4.1.2 Mailbox) is written "<a@b>" as smtplib.quoteaddr writes
    it, without email.utils.parseaddr (a tenth of a millisecond a letter); anything else goes to
    it."""
    if PLAIN_ADDRESS.fullmatch(address):
        return f"<{address}>"
    return smtplib.quoteaddr(address)


def words(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


def dot_stuffed(raw: bytes) -> bytes:
    """Each line that starts with "." gets one more (RFC 5321 4.5.2), as smtplib's
    ``re.sub(rb"(?m)^\\.", b"..", raw)`` does, in a fifth of its time on a letter."""
    stuffed = raw.replace(b"\n.", b"\n..")
    return b"." + stuffed if stuffed.startswith(b".") else stuffed


class SmtpSession:
    """One connection reused for the whole run; reopened after a 421 or an idle disconnect."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        """Connect and log in now (before any letter is marked ``sending``)."""
        self._connection()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            with suppress(OSError):
                smtp.close()

    def deliver(
        self,
        sender: str,
        recipient: str,
        raw: bytes,
        ready: Callable[[], None] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> SmtpOutcome:
        """Send one letter. ``ready`` is called after the server's 354 and before the data
        goes: the outbox waits there for the letter's ``sending`` row to be on disk, so that
        wait overlaps MAIL, RCPT and DATA. If it raises, the connection is dropped without the
        final "." (no letter: RFC 5321 4.1.1.4) and the exception propagates. ``meanwhile``
        runs after the data went, while the server takes it, before its reply is read."""
        hooks = (ready, meanwhile)
        for attempt in (1, 2):
            try:
                return self._attempt(sender, recipient, raw, hooks)
            except _Reconnect as why:
                self._drop()
                if attempt == 2:
                    return SmtpOutcome("stop", f"the server closed the connection twice: {why}")
            except _DataSent as why:
                self._drop()
                return SmtpOutcome("unknown", str(why))
        raise AssertionError("unreachable")

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with suppress(OSError):
                smtp.close()

    def _attempt(self, sender: str, recipient: str, raw: bytes, hooks: tuple) -> SmtpOutcome:
        smtp = self._connection()
        # smtplib's mail() and rcpt() without options (the same commands; 3.13's smtplib writes
        # the verbs in lower case, RFC 5321 2.4: no difference), minus parsing each address
        code, text = self._command(lambda path: smtp.docmd("mail", f"FROM:{path}"), _path(sender))
        if code != 250:
            return self._refused(smtp, "mail", code, text)
        code, text = self._command(lambda path: smtp.docmd("rcpt", f"TO:{path}"), _path(recipient))
        if code not in (250, 251):
            return self._refused(smtp, "rcpt", code, text)
        code, text = self._data(smtp, raw, hooks)
        if code == 250:
            return SmtpOutcome("sent", words(code, text))
        return self._refused(smtp, "data", code, text)

    def _command(self, method: Callable, argument: str) -> tuple[int, bytes]:
        try:
            code, text = method(argument)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Reconnect(str(exc) or "connection lost") from None
        if code == 421:  # RFC 5321 3.8: the server is closing this connection
            raise _Reconnect(words(code, text))
        return code, text

    def _refused(self, smtp: smtplib.SMTP, stage: str, code: int, text: bytes) -> SmtpOutcome:
        with suppress(smtplib.SMTPException, OSError):
            smtp.rset()
        kind = classify_reply(stage, code, words(code, text))
        return SmtpOutcome(kind, f"{stage.upper()}: {words(code, text)}")

    def _data(self, smtp: smtplib.SMTP, raw: bytes, hooks: tuple) -> tuple[int, bytes]:
        # smtplib.SMTP.data, spelled out so the crash hook can sit between the final "." and
        # the server's reply: the moment SMTP cannot tell us whether the letter arrived.
        ready, meanwhile = hooks
        payload = dot_stuffed(raw)
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        code, text = self._command(lambda _arg: smtp.docmd("DATA"), "")
        if code != 354:
            return code, text
        if ready is not None:
            try:
                ready()
            except BaseException:
                self._drop()
                raise
        try:
            smtp.send(payload + b".\r\n")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            # Part of the data may have gone, but never the final "." : not a complete letter.
            raise _Reconnect(str(exc) or "connection lost during DATA") from None
        crash_point("send.after_data")
        if meanwhile is not None:
            meanwhile()
        try:
            code, text = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _DataSent(f"no reply after the letter's data: {exc}") from None
        if code == 421:
            # RFC 5321 4.2.5: without a 250 the server took no responsibility for the letter.
            raise _Reconnect(words(code, text))
        return code, text

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            self._smtp = open_smtp(self.settings)
        return self._smtp


def open_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    """Connect, start TLS (verified), and log in; a DeliveryError says what went wrong."""
    mailbox.require_safe_transport(settings, "smtp")
    where = f"{settings.host}:{settings.port}"
    try:
        smtp = _connect_smtp(settings)
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(
            f"The certificate of {where} could not be verified ({exc.verify_message}); if the "
            "server uses a private CA, set smtp.ca_file to its certificate."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"Could not connect to the SMTP server {where}: {exc}.") from None
    try:
        _login(smtp, settings)
    except smtplib.SMTPAuthenticationError as exc:
        smtp.close()
        raise DeliveryError(_login_refusal(exc.smtp_code, exc.smtp_error)) from None
    except (OSError, smtplib.SMTPException) as exc:
        smtp.close()
        raise DeliveryError(f"SMTP login to {where} failed: {exc}.") from None
    return smtp


def _login_refusal(code: int, text: bytes | str) -> str:
    said = words(code, text)
    if 400 <= code < 500:
        # RFC 4954 6: 454 4.7.0 is a temporary authentication failure, not a wrong password.
        return (
            f"The SMTP server could not log you in just now ({said}); this is temporary: "
            "run again later."
        )
    return f"The SMTP server refused the login ({said}); check smtp.username and the password or token."


def _connect_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    timeout = settings.timeout
    if settings.security == "ssl":
        context = mailbox.tls_context(settings)
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    smtp.ehlo()
    if settings.security == "starttls":
        # RFC 3207: after STARTTLS, forget what the server said and say EHLO again.
        smtp.starttls(context=mailbox.tls_context(settings))
        smtp.ehlo()
    return smtp


def _login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    if not settings.username or not smtp.has_extn("auth"):
        return
    secret = get_secret(settings, "smtp")
    if settings.auth == "xoauth2":
        # Google's and Microsoft's SASL XOAUTH2: user, bearer token; an empty answer to a
        # 334 error challenge lets the server send its final refusal.
        initial = f"user={settings.username}\x01auth=Bearer {secret}\x01\x01"
        smtp.auth("XOAUTH2", lambda challenge=None: "" if challenge else initial)
    else:
        smtp.login(settings.username, secret)
