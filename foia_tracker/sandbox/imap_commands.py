"""One IMAP session of the sandbox server: state and command handlers (RFC 3501 section 6)."""

from __future__ import annotations

import asyncio
import logging
import re

from .imap_format import apply_flags, flag_list, literal, quote, section, simple_item
from .imap_parse import (
    FetchItem,
    ProtocolError,
    Token,
    as_text,
    parse_fetch_items,
    parse_internaldate,
    parse_sequence_set,
)
from .imap_search import Candidate, SearchParser
from .mailstore import Mailbox, MailStore, MailUser

CAPABILITIES = "IMAP4rev1 IDLE UIDPLUS SPECIAL-USE LITERAL+ ID UNSELECT"
log = logging.getLogger(__name__)
SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft"
IDLE_TIMEOUT = 30 * 60  # RFC 2177 section 3: clients re-issue IDLE at least every 29 minutes

_ANY = {"CAPABILITY", "NOOP", "LOGOUT", "ID"}
_NOT_AUTHENTICATED = {"LOGIN"}
_AUTHENTICATED = {"SELECT", "EXAMINE", "LIST", "LSUB", "STATUS", "APPEND", "CREATE", "IDLE"}
_AUTHENTICATED |= {"SUBSCRIBE", "UNSUBSCRIBE"}
_SELECTED = {"FETCH", "SEARCH", "STORE", "CLOSE", "UNSELECT", "EXPUNGE", "CHECK"}
_UID_COMMANDS = {"FETCH", "SEARCH", "STORE"}


class CommandFailed(Exception):
    """The command was understood but cannot be done: answered with NO."""


class Session:
    def __init__(self, store: MailStore, reader, writer) -> None:
        self.store = store
        self.reader = reader
        self.writer = writer
        self.user: MailUser | None = None
        self.box: Mailbox | None = None
        self.readonly = False
        self.known_exists = 0
        self.closed = False
        self._changed = asyncio.Event()
        loop = asyncio.get_running_loop()
        self._watcher = lambda: _call_threadsafe(loop, self._changed.set)

    async def send(self, line: str | bytes) -> None:
        data = line.encode("utf-8") if isinstance(line, str) else line
        self.writer.write(data + b"\r\n")
        await self.writer.drain()

    async def dispatch(self, tag: str, tokens: list[Token]) -> None:
        try:
            name, args, uid = self._command_name(tokens)
            self._check_state(name)
            if self.box is not None:
                await self._report_new()
            handler = getattr(self, "cmd_" + name.lower())
            result = await handler(args, uid)
        except ProtocolError as err:
            result = f"BAD {err}"
        except CommandFailed as err:
            result = f"NO {err}"
        except (ValueError, KeyError, IndexError, TypeError):
            # A malformed argument must cost the client this command, not its session.
            log.exception("sandbox IMAP command failed")
            result = "BAD the sandbox could not process that command"
        await self.send(f"{tag or '*'} {result}")

    def _command_name(self, tokens: list[Token]) -> tuple[str, list[Token], bool]:
        if tokens and isinstance(tokens[-1], ProtocolError):
            raise tokens[-1]
        if not tokens or not isinstance(tokens[0], str):
            raise ProtocolError("missing command")
        name, args, uid = tokens[0].upper(), tokens[1:], False
        if name == "UID":
            if not args or as_text(args[0]).upper() not in _UID_COMMANDS:
                raise ProtocolError("UID takes FETCH, SEARCH or STORE")
            name, args, uid = as_text(args[0]).upper(), args[1:], True
        if name not in _ANY | _NOT_AUTHENTICATED | _AUTHENTICATED | _SELECTED:
            raise ProtocolError(f"unknown command {name}")
        return name, args, uid

    def _check_state(self, name: str) -> None:
        if name in _NOT_AUTHENTICATED and self.user is not None:
            raise ProtocolError("already logged in")
        if name in _AUTHENTICATED | _SELECTED and self.user is None:
            raise ProtocolError("log in first")
        if name in _SELECTED and self.box is None:
            raise ProtocolError("select a mailbox first")

    async def _report_new(self) -> None:
        # RFC 3501 section 7.3.1: tell the client about new messages before it relies on them.
        count = len(self.box.messages) if self.box is not None else 0
        if count > self.known_exists:
            self.known_exists = count
            await self.send(f"* {count} EXISTS")

    def release(self) -> None:
        if self.box is not None and self._watcher in self.box.watchers:
            self.box.watchers.remove(self._watcher)
        self.box = None

    # --- any state -------------------------------------------------------------------------

    async def cmd_capability(self, args, uid) -> str:
        await self.send(f"* CAPABILITY {CAPABILITIES}")
        return "OK CAPABILITY completed"

    async def cmd_noop(self, args, uid) -> str:
        return "OK NOOP completed"

    async def cmd_logout(self, args, uid) -> str:
        await self.send("* BYE foia-tracker sandbox logging out")
        self.closed = True
        return "OK LOGOUT completed"

    async def cmd_id(self, args, uid) -> str:
        await self.send('* ID ("name" "foia-tracker-sandbox" "vendor" "foia-tracker")')
        return "OK ID completed"

    async def cmd_login(self, args, uid) -> str:
        if len(args) != 2:
            raise ProtocolError("LOGIN takes a user name and a password")
        user = self.store.authenticate(as_text(args[0]), as_text(args[1]))
        if user is None:
            raise CommandFailed("[AUTHENTICATIONFAILED] Invalid credentials")
        self.user = user
        return "OK Logged in"

    # --- authenticated ---------------------------------------------------------------------

    def _mailbox(self, token: Token) -> Mailbox:
        box = self.store.mailbox(self.user, as_text(token))
        if box is None:
            raise CommandFailed("[NONEXISTENT] Mailbox doesn't exist")
        return box

    async def cmd_select(self, args, uid, readonly: bool = False) -> str:
        if len(args) != 1:
            raise ProtocolError("SELECT takes one mailbox name")
        self.release()
        box = self._mailbox(args[0])
        with self.store.lock:
            self.box, self.readonly = box, readonly
            self.known_exists = len(box.messages)
            box.watchers.append(self._watcher)
            uidnext, uidvalidity = box.uidnext, box.uidvalidity
        permanent = "" if readonly else SYSTEM_FLAGS + " \\*"
        await self.send(f"* FLAGS ({SYSTEM_FLAGS})")
        await self.send(f"* {self.known_exists} EXISTS")
        await self.send("* 0 RECENT")
        await self.send(f"* OK [UIDVALIDITY {uidvalidity}] UIDs valid")
        await self.send(f"* OK [UIDNEXT {uidnext}] Predicted next UID")
        await self.send(f"* OK [PERMANENTFLAGS ({permanent})] Limited")
        mode = "READ-ONLY" if readonly else "READ-WRITE"
        return f"OK [{mode}] {'EXAMINE' if readonly else 'SELECT'} completed"

    async def cmd_examine(self, args, uid) -> str:
        return await self.cmd_select(args, uid, readonly=True)

    async def cmd_create(self, args, uid) -> str:
        if len(args) != 1:
            raise ProtocolError("CREATE takes one mailbox name")
        try:
            self.store.create_mailbox(self.user, as_text(args[0]).rstrip("/"))
        except ValueError as err:
            raise CommandFailed("[ALREADYEXISTS] Mailbox already exists") from err
        return "OK CREATE completed"

    async def cmd_subscribe(self, args, uid) -> str:
        return "OK SUBSCRIBE completed"

    async def cmd_unsubscribe(self, args, uid) -> str:
        return "OK UNSUBSCRIBE completed"

    async def cmd_list(self, args, uid, verb: str = "LIST") -> str:
        selection: list[str] = []
        if args and isinstance(args[0], list):
            selection = [as_text(t).upper() for t in args[0]]
            args = args[1:]
        if len(args) < 2:
            raise ProtocolError(f"{verb} takes a reference and a mailbox pattern")
        reference = as_text(args[0])
        patterns = args[1] if isinstance(args[1], list) else [args[1]]
        for pattern in patterns:
            await self._list_one(verb, reference + as_text(pattern), "SPECIAL-USE" in selection)
        return f"OK {verb} completed"

    async def _list_one(self, verb: str, pattern: str, special_only: bool) -> None:
        if pattern == "":
            await self.send(f'* {verb} (\\Noselect) "/" ""')
            return
        regex = "^" + re.escape(pattern).replace(r"\*", ".*").replace("%", "[^/]*") + "$"
        for box in list(self.user.mailboxes.values()):
            flags = re.IGNORECASE if box.name == "INBOX" else 0
            if not re.match(regex, box.name, flags) or (special_only and not box.special_use):
                continue
            # RFC 6154 section 2: special-use attributes appear alongside the LIST attributes.
            attributes = ["\\HasNoChildren"] + ([box.special_use] if box.special_use else [])
            await self.send(f'* {verb} ({" ".join(attributes)}) "/" {quote(box.name)}')

    async def cmd_lsub(self, args, uid) -> str:
        return await self.cmd_list(args, uid, verb="LSUB")

    async def cmd_status(self, args, uid) -> str:
        if len(args) != 2 or not isinstance(args[1], list):
            raise ProtocolError("STATUS takes a mailbox and a list of items")
        box = self._mailbox(args[0])
        with self.store.lock:
            values = {
                "MESSAGES": len(box.messages),
                "RECENT": 0,
                "UIDNEXT": box.uidnext,
                "UIDVALIDITY": box.uidvalidity,
                "UNSEEN": sum("\\Seen" not in m.flags for m in box.messages),
            }
        items = [as_text(t).upper() for t in args[1]]
        unknown = [i for i in items if i not in values]
        if unknown:
            raise ProtocolError(f"unknown STATUS item {unknown[0]}")
        pairs = " ".join(f"{i} {values[i]}" for i in items)
        await self.send(f"* STATUS {quote(box.name)} ({pairs})")
        return "OK STATUS completed"

    async def cmd_append(self, args, uid) -> str:
        if len(args) < 2 or not isinstance(args[-1], bytes):
            raise ProtocolError("APPEND takes a mailbox, optional flags and date, and a message")
        flags: set[str] = set()
        when = None
        for extra in args[1:-1]:
            if isinstance(extra, list):
                flags = {as_text(f) for f in extra} - {"\\Recent"}
            else:
                when = parse_internaldate(extra)
        box = self.store.mailbox(self.user, as_text(args[0]))
        if box is None:
            raise CommandFailed("[TRYCREATE] Mailbox doesn't exist")
        new_uid = self.store.append(box, args[-1], flags, when)
        # RFC 4315 section 3: APPENDUID tells the client where its message went.
        return f"OK [APPENDUID {box.uidvalidity} {new_uid}] APPEND completed"

    async def cmd_idle(self, args, uid) -> str:
        await self.send("+ idling")
        read = asyncio.ensure_future(self.reader.readuntil(b"\r\n"))
        try:
            while not read.done():
                self._changed.clear()
                await self._report_new()
                changed = asyncio.ensure_future(self._changed.wait())
                done, _ = await asyncio.wait(
                    {read, changed}, timeout=IDLE_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
                )
                changed.cancel()
                if not done:
                    self.closed = True
                    await self.send("* BYE idle timeout")
                    read.cancel()
                    return "NO IDLE timed out"
        finally:
            if not read.done():
                read.cancel()
        if read.result().strip().upper() != b"DONE":
            return "BAD expected DONE"
        return "OK IDLE terminated"

    # --- selected --------------------------------------------------------------------------

    def _candidates(self) -> tuple[list[Candidate], int]:
        with self.store.lock:
            messages = self.box.messages[: self.known_exists]
            largest_uid = messages[-1].uid if messages else 0
            return [Candidate(i, m) for i, m in enumerate(messages, 1)], largest_uid

    def _matching(self, set_text: Token, uid: bool) -> list[Candidate]:
        numbers = parse_sequence_set(as_text(set_text))
        candidates, largest_uid = self._candidates()
        if uid:
            return [c for c in candidates if numbers.contains(c.message.uid, largest_uid)]
        if not candidates:
            raise CommandFailed("the mailbox is empty")
        return [c for c in candidates if numbers.contains(c.seq, len(candidates))]

    async def cmd_fetch(self, args, uid) -> str:
        if len(args) != 2:
            raise ProtocolError("FETCH takes a sequence set and fetch items")
        items = parse_fetch_items(args[1])
        if uid and not any(item.name == "UID" for item in items):
            items.insert(0, FetchItem("UID", label="UID"))
        for candidate in self._matching(args[0], uid):
            await self.send(self._fetch_response(candidate, items))
        return "OK FETCH completed"

    def _fetch_response(self, candidate: Candidate, items: list[FetchItem]) -> bytes:
        message = candidate.message
        parts: list[bytes] = []
        want_flags = any(item.name == "FLAGS" for item in items)
        for item in items:
            if item.name == "BODY":
                parts.append(item.label.encode() + b" " + literal(section(message, item)))
                # RFC 3501 section 6.4.5: BODY[] without .PEEK sets \Seen, and the changed
                # flags are returned.
                if not item.peek and not self.readonly and "\\Seen" not in message.flags:
                    with self.store.lock:
                        message.flags.add("\\Seen")
                    want_flags = True
            elif item.name != "FLAGS":
                parts.append(simple_item(message, item.name).encode())
        if want_flags:
            parts.append(f"FLAGS {flag_list(message.flags)}".encode())
        return b"* %d FETCH (" % candidate.seq + b" ".join(parts) + b")"

    async def cmd_search(self, args, uid) -> str:
        candidates, largest_uid = self._candidates()
        predicate = SearchParser(args, len(candidates), largest_uid).parse()
        found = [c.message.uid if uid else c.seq for c in candidates if predicate(c)]
        await self.send(" ".join(["* SEARCH"] + [str(n) for n in found]))
        return "OK SEARCH completed"

    async def cmd_store(self, args, uid) -> str:
        if len(args) < 3:
            raise ProtocolError("STORE takes a sequence set, an item and flags")
        if self.readonly:
            raise CommandFailed("mailbox is read-only")
        action = as_text(args[1]).upper()
        if action.removesuffix(".SILENT").lstrip("+-") != "FLAGS":
            raise ProtocolError(f"unknown STORE item {action}")
        values = args[2] if isinstance(args[2], list) else args[2:]
        flags = {as_text(f) for f in values}
        for candidate in self._matching(args[0], uid):
            with self.store.lock:
                apply_flags(candidate.message, action, flags)
            if not action.endswith(".SILENT"):
                uid_part = f"UID {candidate.message.uid} " if uid else ""
                flag_text = flag_list(candidate.message.flags)
                await self.send(f"* {candidate.seq} FETCH ({uid_part}FLAGS {flag_text})")
        return "OK STORE completed"

    async def cmd_check(self, args, uid) -> str:
        return "OK CHECK completed"

    async def cmd_expunge(self, args, uid) -> str:
        if self.readonly:
            raise CommandFailed("mailbox is read-only")
        for seq in self.store.expunge(self.box):
            await self.send(f"* {seq} EXPUNGE")
            self.known_exists -= 1
        return "OK EXPUNGE completed"

    async def cmd_close(self, args, uid) -> str:
        # RFC 3501 section 6.4.2: CLOSE expunges silently, but not on a read-only mailbox.
        if not self.readonly:
            self.store.expunge(self.box)
        self.release()
        return "OK CLOSE completed"

    async def cmd_unselect(self, args, uid) -> str:
        self.release()
        return "OK UNSELECT completed"


def _call_threadsafe(loop: asyncio.AbstractEventLoop, callback) -> None:
    try:
        loop.call_soon_threadsafe(callback)
    except RuntimeError:
        pass  # the server loop has stopped; nobody is idling any more
