"""The social context: accounts, invites, follows, guardians and parental controls, quotas and
credits. Commands append events (events.social); queries read the read models (social.tables).

Must not import api/, actors/ or Ray. Other packages use the names exported here; the generation
flow calls `QuotaService.reserve_generation(user_id, request_id)` and handles `QuotaExceeded`.
"""

from social.accounts import AccountService, IssuedToken, Principal, SignedUp, hash_token
from social.directory import Directory, OwnAccount, Profile
from social.errors import (
    Conflict,
    CreditRequired,
    Forbidden,
    HandleTaken,
    InvalidCredentials,
    InvalidGuardianCode,
    InvalidInput,
    InvalidInvite,
    InvalidToken,
    InviteAllowanceExhausted,
    NotFound,
    PaymentDeclined,
    QuietHoursNow,
    QuotaExceeded,
    SocialError,
    TooManyAttempts,
    TooYoung,
)
from social.follows import FollowService, Member, Relation
from social.guardians import Controls, GuardianService, LinkCode, LinkView
from social.inbox import Inbox, InboxPage, NotificationView
from social.invites import InviteService, InviteView, IssuedInvite, MyInvites
from social.ledger import Purchase, QuotaPolicy, QuotaService, QuotaView, Reservation
from social.payments import Charge, PaymentGateway, TestModeGateway
from social.projections import social_projections

__all__ = [
    "AccountService", "Charge", "Conflict", "CreditRequired", "Controls", "Directory", "FollowService", "Forbidden",
    "GuardianService", "HandleTaken", "Inbox", "InboxPage", "InvalidCredentials", "InvalidGuardianCode", "InvalidInput",
    "InvalidInvite", "InvalidToken", "InviteAllowanceExhausted", "InviteService", "InviteView",
    "IssuedInvite", "IssuedToken", "LinkCode", "LinkView", "Member", "MyInvites", "NotFound",
    "NotificationView", "OwnAccount",
    "PaymentDeclined", "PaymentGateway", "Principal", "Profile", "Purchase", "QuietHoursNow", "QuotaExceeded",
    "QuotaPolicy", "QuotaService", "QuotaView", "Relation", "Reservation", "SignedUp",
    "SocialError", "TestModeGateway", "TooManyAttempts", "TooYoung", "hash_token", "social_projections",
]
