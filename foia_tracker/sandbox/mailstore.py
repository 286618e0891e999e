"""The sandbox's mailboxes: per-user folders of raw messages with IMAP UIDs.

Shared by the IMAP server thread, the SMTP server thread and the caller's thread, so every
access takes one lock. IMAP sessions waiting in IDLE register a callback that fires on append.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

# RFC 6154 section 2: the special-use attributes a client looks for.
DEFAULT_FOLDERS: dict[str, str | None] = {
    "INBOX": None,
    "Sent": "\\Sent",
    "Drafts": "\\Drafts",
    "Junk": "\\Junk",
    "Trash": "\\Trash",
}


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    internaldate: datetime
    flags: set[str] = field(default_factory=set)


@dataclass
class Mailbox:
    name: str
    special_use: str | None
    uidvalidity: int
    uidnext: int = 1
    messages: list[StoredMessage] = field(default_factory=list)
    watchers: list[Callable[[], None]] = field(default_factory=list)


@dataclass
class MailUser:
    login: str
    password: str
    mailboxes: dict[str, Mailbox] = field(default_factory=dict)


class MailStore:
    """In-memory mailboxes. UIDVALIDITY is fixed when a folder is created, so it stays stable."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._users: dict[str, MailUser] = {}
        self._next_uidvalidity = int(time.time())

    def add_user(self, login: str, password: str) -> MailUser:
        with self.lock:
            user = MailUser(login=login, password=password)
            self._users[login.lower()] = user
            for name, special_use in DEFAULT_FOLDERS.items():
                self._create(user, name, special_use)
            return user

    def authenticate(self, login: str, password: str) -> MailUser | None:
        with self.lock:
            user = self._users.get(login.lower())
            if user is None or user.password != password:
                return None
            return user

    def create_mailbox(self, user: MailUser, name: str) -> Mailbox:
        with self.lock:
            return self._create(user, name, None)

    def _create(self, user: MailUser, name: str, special_use: str | None) -> Mailbox:
        key = "INBOX" if name.upper() == "INBOX" else name
        if key in user.mailboxes:
            raise ValueError(f"mailbox {name!r} already exists")
        self._next_uidvalidity += 1
        box = Mailbox(name=key, special_use=special_use, uidvalidity=self._next_uidvalidity)
        user.mailboxes[key] = box
        return box

    def mailbox(self, user: MailUser, name: str) -> Mailbox | None:
        # RFC 3501 section 5.1: INBOX is case-insensitive, every other name is not.
        key = "INBOX" if name.upper() == "INBOX" else name
        return user.mailboxes.get(key)

    def append(
        self,
        box: Mailbox,
        raw: bytes,
        flags: set[str] | None = None,
        internaldate: datetime | None = None,
    ) -> int:
        with self.lock:
            uid = box.uidnext
            box.uidnext += 1
            when = internaldate or datetime.now(UTC)
            box.messages.append(StoredMessage(uid, raw, when, set(flags or ())))
            watchers = list(box.watchers)
        for notify in watchers:
            notify()
        return uid

    def deliver(self, login: str, folder: str, raw: bytes, **kwargs) -> int:
        """Append to a user's folder by name (used by the SMTP side and the agencies)."""
        with self.lock:
            user = self._users[login.lower()]
            box = self.mailbox(user, folder)
            if box is None:
                raise KeyError(folder)
        return self.append(box, raw, **kwargs)

    def expunge(self, box: Mailbox) -> list[int]:
        """Remove \\Deleted messages; return their sequence numbers, highest first."""
        with self.lock:
            gone = [i + 1 for i, m in enumerate(box.messages) if "\\Deleted" in m.flags]
            box.messages = [m for m in box.messages if "\\Deleted" not in m.flags]
        return sorted(gone, reverse=True)

    # --- persistence: a sandbox restarted on the same folder keeps its UIDs and UIDVALIDITY

    def to_json(self) -> dict:
        with self.lock:
            return {
                "next_uidvalidity": self._next_uidvalidity,
                "users": [_user_to_json(user) for user in self._users.values()],
            }

    @classmethod
    def from_json(cls, data: dict) -> MailStore:
        store = cls()
        store._next_uidvalidity = int(data["next_uidvalidity"])
        for item in data["users"]:
            user = MailUser(login=item["login"], password=item["password"])
            for box in item["mailboxes"]:
                user.mailboxes[box["name"]] = _mailbox_from_json(box)
            store._users[user.login.lower()] = user
        return store


def _user_to_json(user: MailUser) -> dict:
    return {
        "login": user.login,
        "password": user.password,
        "mailboxes": [
            {
                "name": box.name,
                "special_use": box.special_use,
                "uidvalidity": box.uidvalidity,
                "uidnext": box.uidnext,
                "messages": [
                    {
                        "uid": m.uid,
                        "internaldate": m.internaldate.isoformat(),
                        "flags": sorted(m.flags),
                        "raw": base64.b64encode(m.raw).decode("ascii"),
                    }
                    for m in box.messages
                ],
            }
            for box in user.mailboxes.values()
        ],
    }


def _mailbox_from_json(data: dict) -> Mailbox:
    messages = [
        StoredMessage(
            uid=int(m["uid"]),
            raw=base64.b64decode(m["raw"]),
            internaldate=datetime.fromisoformat(m["internaldate"]),
            flags=set(m["flags"]),
        )
        for m in data["messages"]
    ]
    return Mailbox(
        name=data["name"],
        special_use=data["special_use"],
        uidvalidity=int(data["uidvalidity"]),
        uidnext=int(data["uidnext"]),
        messages=messages,
    )
