"""Accounts: invite-only sign-up, login with revocable bearer tokens, renaming, leaving.

Sign-up redeems the invite, claims the handle and registers the account in one atomic append
across three streams, so an invite is used once and a handle is taken once even when two
people race. Personal fields (display name, birth year, password hash) are sealed under the member's key;
`delete_account` shreds that key, then records `AccountDeleted`.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from events import NO_STREAM, ConcurrencyError, Context, KeyVault, SqlEventStore, StreamWrite
from events.clock import Clock
from events.vault import user_subject
from events.social import (
    AccountDeleted,
    AccountRegistered,
    DisplayNameChanged,
    HandleClaimed,
    InviteIssued,
    InviteRedeemed,
    TokenIssued,
    TokenRevoked,
)
from social.directory import Directory
from social.errors import Conflict, HandleTaken, InvalidCredentials, InvalidInvite, InvalidToken, NotFound
from social.guardians import GuardianService
from social.rules import age_band, check_code, check_display_name, check_password, is_teen, normalise_handle, utc_day
from social.tables import AuthToken, as_utc
from social.throttle import HashGate, LoginThrottle


_APPEND_RETRIES = 20
"""Appends to one account stream at a time before giving up (logins, renames, its deletion racing)."""


class SignedUp(msgspec.Struct, frozen=True, kw_only=True):
    user_id: str
    handle: str
    is_teen: bool


class IssuedToken(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    """The bearer token: shown once, only its SHA-256 is kept."""
    user_id: str
    expires_at: datetime


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """The member a valid token stands for."""

    user_id: str
    handle: str
    token_hash: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_stream(user_id: str) -> str:
    return f"user-{user_id}"


def live_account_version(store: SqlEventStore, user_id: str, *, gone: str = "this account no longer exists") -> int:
    """The version of the member's account stream, read from the log (the read models may lag):
    a write guarded at it fails if the account is deleted meanwhile. Raises NotFound(`gone`)
    for an unknown or deleted account."""
    version, last = _last_account_event(store, user_id)
    if last is None or isinstance(last, AccountDeleted):
        raise NotFound(gone)
    return version


def account_deleted(store: SqlEventStore, user_id: str) -> bool:
    """Whether the member deleted their account (one read of their stream's last event)."""
    return isinstance(_last_account_event(store, user_id)[1], AccountDeleted)


def _last_account_event(store: SqlEventStore, user_id: str) -> tuple[int, object | None]:
    last = store.last_event(user_stream(user_id))
    return (last.version, last.event) if last is not None else (0, None)


class AccountService:
    """Commands on accounts and token checks. Every collaborator is injected."""

    def __init__(
        self, store: SqlEventStore, vault: KeyVault, directory: Directory,
        guardians: GuardianService, *, clock: Clock, hasher: PasswordHasher,
        token_ttl: timedelta, new_id: Callable[[], uuid.UUID] = uuid.uuid4,
        new_token: Callable[[], str] = lambda: secrets.token_urlsafe(32),
        throttle: LoginThrottle | None = None, gate: HashGate | None = None,
    ) -> None:
        """`throttle`: failed-login limits (default: 10 per handle and address, 50 per address,
        100 per handle, in 15 minutes); `gate`: how many password hashes run at once (default: the CPUs)."""
        self._store, self._vault, self._directory = store, vault, directory
        self._throttle = throttle or LoginThrottle(store.engine, clock=clock)
        self._gate = gate or HashGate()
        self._guardians = guardians
        self._clock, self._hasher, self._ttl = clock, hasher, token_ttl
        self._new_id, self._new_token = new_id, new_token
        self._dummy_hash: str | None = None

    def sign_up(
        self, *, invite_code: str, handle: str, password: str, birth_year: int,
        display_name: str | None = None, context: Context | None = None,
    ) -> SignedUp:
        """Register a member with an unused, unexpired invite.

        Raises InvalidInput (bad handle, password, name or year), TooYoung (may be under 13),
        InvalidInvite (unknown, used or expired code), HandleTaken.
        """
        handle = normalise_handle(handle)
        name = check_display_name(display_name if display_name is not None else handle)
        check_password(password)
        band = age_band(birth_year, utc_day(self._clock()))
        invite_version = self._usable_invite(check_code(invite_code))
        if self._store.stream_version(_handle_stream(handle)) != 0:
            raise HandleTaken(f"the handle @{handle} is taken")
        user_id = str(self._new_id())
        subject = user_subject(user_id)
        registered = AccountRegistered(
            user_id=user_id, handle=handle, invite_code=invite_code,
            display_name=self._vault.seal(subject, name),
            birth_year=self._vault.seal(subject, str(birth_year)),
            password_hash=self._vault.seal(subject, self._hash(password)),
        )
        writes = [
            StreamWrite(f"invite-{invite_code}", [InviteRedeemed(code=invite_code, user_id=user_id)],
                        invite_version),
            StreamWrite(_handle_stream(handle), [HandleClaimed(handle=handle, user_id=user_id)], NO_STREAM),
            StreamWrite(user_stream(user_id), [registered], NO_STREAM),
        ]
        try:
            self._store.append_many(writes, context=context)
        except ConcurrencyError as error:
            self._vault.shred(subject)  # the key of an account that never was
            if error.stream_id.startswith("handle-"):
                raise HandleTaken(f"the handle @{handle} is taken") from None
            raise InvalidInvite("this invite was used a moment ago") from None
        return SignedUp(user_id=user_id, handle=handle, is_teen=band == "teen")

    def _usable_invite(self, code: str) -> int:
        """The invite stream's version if the code can be redeemed now; else InvalidInvite."""
        stream = self._store.read_stream(f"invite-{code}")
        issued = next((r.event for r in stream if isinstance(r.event, InviteIssued)), None)
        if issued is None:
            raise InvalidInvite("that is not an invite code we issued")
        if any(isinstance(r.event, InviteRedeemed) for r in stream):
            raise InvalidInvite("this invite was already used")
        if self._clock() >= issued.expires_at:
            raise InvalidInvite("this invite has expired; ask for a new one")
        if issued.issuer_id is not None and self._vault.is_shredded(user_subject(issued.issuer_id)):
            raise InvalidInvite("the member who made this invite has left Reelworld; ask someone else for one")
        return stream[-1].version

    def log_in(self, handle: str, password: str, *, client: str | None = None,
               context: Context | None = None) -> IssuedToken:
        """A new bearer token for the member. Raises InvalidCredentials, TooManyAttempts (the
        handle or the `client` address failed too often lately)."""
        self._throttle.attempt(handle, client)  # counted as failed unless it succeeds
        account = self._directory.by_handle(handle)
        if account is None or account.password_hash is None:
            self._burn_time(password)
            raise InvalidCredentials("wrong handle or password")
        try:
            with self._gate.slot():
                self._hasher.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise InvalidCredentials("wrong handle or password") from None
        self._throttle.succeeded(handle, client)
        now = self._clock()
        expires_at = now + self._ttl
        cap = self._session_cap(account.user_id, account.birth_year)
        if cap is not None:
            expires_at = min(expires_at, now + cap)
        token = self._new_token()
        issued = TokenIssued(user_id=account.user_id, token_hash=hash_token(token), expires_at=expires_at)
        stream = user_stream(account.user_id)
        for _ in range(_APPEND_RETRIES):
            version = self._store.stream_version(stream)
            if self._vault.is_shredded(user_subject(account.user_id)):  # deleted as this login ran
                raise InvalidCredentials("wrong handle or password")
            try:  # at the version read: a deletion in between makes this fail, and the check above says so
                self._store.append(stream, [issued], version, context=context)
            except ConcurrencyError:
                continue
            return IssuedToken(token=token, user_id=account.user_id, expires_at=expires_at)
        raise Conflict("too many logins at once; try again")

    def _burn_time(self, password: str) -> None:
        """Hash anyway for an unknown handle, so timing does not tell which handles exist."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hash("not-a-real-password")
        with contextlib.suppress(VerificationError), self._gate.slot():
            self._hasher.verify(self._dummy_hash, password)

    def _hash(self, password: str) -> str:
        with self._gate.slot():
            return self._hasher.hash(password)

    def _session_cap(self, user_id: str, birth_year: int | None) -> timedelta | None:
        if not is_teen(birth_year, utc_day(self._clock())):
            return None
        controls = self._guardians.current_controls(user_id)
        if controls is None or controls.session_minutes_cap is None:
            return None
        return timedelta(minutes=controls.session_minutes_cap)

    def authenticate(self, token: str) -> Principal:
        """The member behind a bearer token. Raises InvalidToken (unknown, revoked, expired)."""
        token_hash = hash_token(token)
        with self._directory.session() as session:
            row = session.get(AuthToken, token_hash)
        if row is None:
            raise InvalidToken("this token is not valid; log in again")
        if row.revoked:
            raise InvalidToken("this token was revoked; log in again")
        now = self._clock()
        account = self._directory.by_id(row.user_id)
        if account is None:
            raise InvalidToken("this token's account was deleted")
        expires_at = as_utc(row.expires_at)
        cap = self._session_cap(account.user_id, account.birth_year)
        if cap is not None:
            expires_at = min(expires_at, as_utc(row.issued_at) + cap)
        if now >= expires_at:
            raise InvalidToken("this token has expired; log in again")
        return Principal(user_id=account.user_id, handle=account.handle, token_hash=token_hash)

    def log_out(self, principal: Principal, *, context: Context | None = None) -> None:
        """Revoke the token the principal used."""
        revoked = TokenRevoked(user_id=principal.user_id, token_hash=principal.token_hash)
        self._store.append(user_stream(principal.user_id), [revoked], context=context)

    def rename(self, user_id: str, display_name: str, *, context: Context | None = None) -> None:
        """Change the display name. Raises InvalidInput."""
        name = check_display_name(display_name)
        self._directory.require_id(user_id)
        changed = DisplayNameChanged(user_id=user_id, display_name=self._vault.seal(user_subject(user_id), name))
        self._store.append(user_stream(user_id), [changed], context=context)

    def delete_account(self, user_id: str, *, context: Context | None = None) -> None:
        """Erase the member: shred their key (sealed fields become unreadable everywhere) and
        record AccountDeleted so every read model drops them. The log is not rewritten.

        The key goes first: if either step fails the account is still there and a retry
        finishes the job (shredding twice is harmless). Raises NotFound (unknown or already deleted).
        """
        self._directory.require_id(user_id)
        for _ in range(_APPEND_RETRIES):
            version = live_account_version(self._store, user_id, gone="this account was already deleted")
            self._vault.shred(user_subject(user_id))
            try:  # at the version read: two deletions at once record one AccountDeleted
                self._store.append(user_stream(user_id), [AccountDeleted(user_id=user_id)], version, context=context)
                return
            except ConcurrencyError:
                continue  # a login or a rename meanwhile, or the other deletion: look again
        raise Conflict("the account changed too often while being deleted; try again")


def _handle_stream(handle: str) -> str:
    return f"handle-{handle.lower()}"
