"""The web client served at /app: its page and assets load without a token, hold the forms and
regions the script drives, reference nothing off the machine, and call only routes the API has
(with the methods it has), so the client cannot drift from the API."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from typing import get_args, get_type_hints

import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.controllers.web import WEB_DIR
from api.schemas_feed import PostRequest, PostResponse
from api.schemas_generation import GenerationRequest, Prompt
from api.schemas_inbox import (
    NotificationListResponse,
    NotificationResponse,
    NotificationSettingsRequest,
    NotificationSettingsResponse,
    SeenRequest,
    UnreadResponse,
)
from api.schemas_review import ReportCaseResponse, ReportDecisionRequest, ReportStatus
from events import ManualClock
from events.review import REPORT_REASONS
from safety.review import REASON_WORDS
from social.inbox import KINDS, MUTABLE
from tests.api.conftest import _no_server_errors
from tests.fixtures_db import build_runtime

SCRIPT = (WEB_DIR / "app.js").read_text(encoding="utf-8")

API_CALL = re.compile(r"""\bapi\(\s*"(GET|POST|PUT|PATCH|DELETE)"\s*,\s*[`"'](/v1/[^`"']*)[`"']""")
"""api("METHOD", "/v1/..." or `/v1/...${x}...`): every call the script makes through its helper."""
V1_LITERAL = re.compile(r"""[`"'](/v1/[^`"']*)[`"']""")
"""Every /v1/ path the script holds, in a call or not (a media URL is fetched with GET)."""
ELEMENT_IDS = (
    "login-form", "signup-form", "logout-button", "error", "status", "tabs",
    "feed-view", "feed-list", "feed-notices", "feed-poll", "feed-caught-up", "feed-more",
    "instruction-form", "instruction-text", "instruction-clear", "instruction-summary", "instruction-not-understood",
    "create-view", "create-form", "create-prompt", "create-style", "generation", "generation-status",
    "generation-steps", "generation-detail", "appeal-form",
    "library-view", "library-list", "reports-list", "reports-empty", "reports-more",
    "notifications-tab", "notifications-view", "notifications-list", "notifications-empty", "notifications-seen",
    "notifications-older", "notifications-settings", "notifications-settings-form", "notifications-kinds",
    "review-tab", "review-view", "review-status", "review-list", "review-empty",
    "family-view", "family-intro", "family-links", "family-empty", "family-start", "family-start-button",
    "family-confirm-form", "time-zones", "quiet-settings", "quiet-form", "quiet-clear", "quiet-summary",
    "characters-view", "character-facts", "capture-form", "capture-audience-box", "capture-submit", "audience-form",
    "character-remove", "appearances-list", "appearances-empty", "usable-list", "usable-empty",
    "create-characters-box", "create-characters", "invites-list", "invites-remaining", "invites-new",
    "appeal-cases-list", "appeal-cases-empty", "my-appeals-list", "my-appeals-empty",
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """conftest's client, built once for this module: these tests only read (the page, its files
    and the OpenAPI document), and a runtime takes a second or two to open."""
    home = tmp_path_factory.mktemp("web")
    runtime = build_runtime(f"sqlite:///{home / 'api.db'}", home, ManualClock())
    try:
        with TestClient(create_app(runtime)) as test_client:
            test_client.event_hooks = {"request": [], "response": [_no_server_errors]}
            yield test_client
    finally:
        runtime.close()


class _Page(HTMLParser):
    """The ids, labels' targets, form controls, inline handlers and inline scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[str] = []
        self.inline_handlers: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.styles = 0
        self.hidden: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
            if "hidden" in a:
                self.hidden.add(a["id"])
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"}:
            self.controls.append(a.get("id") or f"<{tag} without id>")
        self.inline_handlers += [name for name in a if name.startswith("on")]
        self.styles += tag == "style" or "style" in a
        if tag == "script":
            self.scripts.append(a)


def _page(client) -> _Page:
    parser = _Page()
    parser.feed(client.get("/app").text)
    return parser


def _route_pattern(path: str) -> re.Pattern[str]:
    """A regex of the URLs an OpenAPI path template matches ({x}: one segment)."""
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$")


def _script_path(literal: str) -> str:
    """A script's path literal as a URL: `${...}` as one segment, the query string dropped."""
    return re.sub(r"\$\{[^}]*\}", "x", literal).split("?", 1)[0]


def _methods_of(spec: dict, url: str) -> set[str]:
    return {method.upper() for path, item in spec["paths"].items() if _route_pattern(path).match(url)
            for method in item if method in {"get", "put", "post", "delete", "patch", "head"}}


def test_page_loads_without_a_token_as_html_with_a_content_security_policy(client):
    for url in ("/app", "/app/"):
        response = client.get(url)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "media-src 'self' blob:" in policy
        assert "'unsafe-inline'" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("name", "media_type"), [("app.js", "text/javascript"), ("style.css", "text/css")])
def test_the_pages_script_and_stylesheet_load_with_their_content_types(client, name, media_type):
    page = client.get("/app").text
    assert f'"/app/{name}"' in page
    response = client.get(f"/app/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.content == (WEB_DIR / name).read_bytes()


def test_only_the_clients_own_files_are_served(client):
    for url in ("/app/index.htm", "/app/web.py", "/app/..%2Fapp.py", "/app/nothing.js"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/problem+json")


def test_page_holds_the_forms_and_regions_the_script_drives(client):
    page = _page(client)
    assert set(ELEMENT_IDS) <= page.ids, set(ELEMENT_IDS) - page.ids
    for element_id in set(ELEMENT_IDS) - set(page.controls):  # a form's controls are read by name
        assert f'$("{element_id}")' in SCRIPT or f'"#{element_id}"' in SCRIPT or element_id.endswith("-view"), \
            f"the script never uses #{element_id}"


def test_page_is_accessible_and_csp_friendly(client):
    page = _page(client)
    unlabelled = [c for c in page.controls if c not in page.label_for]
    assert not unlabelled, f"form controls without a <label for>: {unlabelled}"
    assert not page.inline_handlers, f"inline event handlers: {page.inline_handlers}"
    assert page.styles == 0, "inline styles (the policy allows only the stylesheet)"
    assert page.scripts and all(s.get("src", "").startswith("/app/") for s in page.scripts), "inline or foreign script"
    assert "innerHTML" not in SCRIPT and "eval(" not in SCRIPT


def test_every_api_call_of_the_script_is_a_route_of_the_api_with_that_method(client):
    spec = client.get("/schema/openapi.json").json()
    calls = API_CALL.findall(SCRIPT)
    assert len(calls) >= 15, calls  # the helper's calls are found (the pattern still fits the script)
    for method, literal in calls:
        url = _script_path(literal)
        assert method in _methods_of(spec, url), f"{method} {literal}: no such operation in the OpenAPI document"
    called = {literal for _, literal in calls}
    for literal in set(V1_LITERAL.findall(SCRIPT)) - called:  # fetched directly: a video's media
        assert "GET" in _methods_of(spec, _script_path(literal)), f"GET {literal}: not in the OpenAPI document"
    assert not any(path.startswith("/app") for path in spec["paths"]), "the client's files are not API operations"


def test_the_script_calls_the_routes_of_each_thing_a_person_can_do():
    calls = {(method, _script_path(literal)) for method, literal in API_CALL.findall(SCRIPT)}
    for call in [("POST", "/v1/auth/signup"), ("POST", "/v1/auth/login"), ("POST", "/v1/auth/logout"),
                 ("GET", "/v1/feed"), ("POST", "/v1/feed/wellbeing"), ("GET", "/v1/feed/instruction"),
                 ("PUT", "/v1/feed/instruction"), ("DELETE", "/v1/feed/instruction"), ("POST", "/v1/generations"),
                 ("GET", "/v1/generations/x"), ("POST", "/v1/generations/x/appeal"), ("GET", "/v1/me/videos"),
                 ("POST", "/v1/videos/x/post"), ("DELETE", "/v1/videos/x/post"), ("DELETE", "/v1/videos/x"),
                 ("POST", "/v1/videos/x/report"), ("GET", "/v1/reports"), ("GET", "/v1/reviews/reports"),
                 ("POST", "/v1/reviews/reports/x/decision"), ("GET", "/v1/videos/x/removal"),
                 ("POST", "/v1/videos/x/removal/appeal")]:
        assert call in calls, call
    assert '"Idempotency-Key"' in SCRIPT and "sessionStorage" in SCRIPT


def _script_table(name: str) -> list[tuple[str, str]]:
    """The [["value", "words"], ...] pairs of the script's `const NAME = [...]`."""
    block = re.search(rf"^const {name} = \[\n(.*?)^\];", SCRIPT, re.MULTILINE | re.DOTALL)
    assert block, f"const {name} not found in the script"
    return re.findall(r'^\s*\["([a-z_]+)", "([^"\n]*)"\],$', block.group(1), re.MULTILINE)


def test_the_reasons_to_report_a_video_are_the_apis_in_its_words():
    reasons = _script_table("REPORT_REASONS")
    assert tuple(value for value, _ in reasons) == REPORT_REASONS
    assert dict(reasons) == REASON_WORDS


def test_every_status_of_a_report_is_said_in_words():
    block = re.search(r"^const REPORT_STATUS = \{\n(.*?)^\};", SCRIPT, re.MULTILINE | re.DOTALL)
    assert block
    assert re.findall(r"^\s*([a-z_]+):", block.group(1), re.MULTILINE) == list(get_args(ReportStatus))


def _script_function(name: str) -> str:
    """The body of the script's top-level `function NAME(...) {...}` (async or not)."""
    body = re.search(rf"^(?:async )?function {name}\(.*?\) \{{\n(.*?)^\}}", SCRIPT, re.MULTILINE | re.DOTALL)
    assert body, f"function {name} not found in the script"
    return body.group(1)


def test_a_reviewer_decides_open_reports_and_an_owners_appeal_with_the_apis_decisions():
    def decisions(name: str) -> set[str]:
        return set(re.findall(r'"(remove|keep|restore|uphold)"', _script_function(name)))

    assert decisions("decisionForm") == {"remove", "keep"}
    assert decisions("appealDecisionForm") == {"restore", "uphold"}, "an appeal is restored or upheld, no category"
    assert "category" not in _script_function("appealDecisionForm")
    assert decisions("decisionForm") | decisions("appealDecisionForm") == set(
        get_args(get_type_hints(ReportDecisionRequest)["decision"]))
    review_item = _script_function("reviewItem")
    case_statuses = set(get_args(get_type_hints(ReportCaseResponse)["status"]))
    assert {"open", "appealed"} <= case_statuses
    assert 'c.status === "open") item.append(decisionForm(c))' in review_item
    assert 'c.status === "appealed") item.append(appealDecisionForm(c))' in review_item
    assert "c.appeal" in _script_function("appealDecisionForm"), "the owner's appeal note is shown"
    decided = _script_function("decidedWords")
    assert all(f'"{status}"' in decided for status in ("kept", "restored")), "each decided case is said in words"


def test_an_owner_sees_a_reviewers_removal_of_a_video_and_may_appeal_it_once():
    assert "loadRemoval(v.video_id" in _script_function("libraryItem"), "each of my videos asks for its removal"
    load = _script_function("loadRemoval")
    assert 'api("GET", `/v1/videos/${encodeURIComponent(videoId)}/removal`)' in load
    assert "error.status !== 404" in load, "a 404 (nothing was removed, the usual case) shows nothing"
    assert "showError" not in load
    render = _script_function("renderRemoval")
    for field in ("removed_at", "reason", "note", "appealable", "why_not", "appeal", "answer"):
        assert f"r.{field}" in render, field
    form = _script_function("removalAppealForm")
    assert "/removal/appeal`" in form and "maxLength: MAX_NOTE" in form and "renderRemoval(" in form


def test_a_member_remixes_a_feed_video_and_follows_it_as_one_made_in_create(client):
    assert "remix_of" in GenerationRequest.__struct_fields__
    assert "if (item.remixable) li.append(remixControl(v.video_id, item.owner))" in _script_function("feedItem"), \
        "a feed item offers Remix where the API says it may be remixed"
    remix = _script_function("remixControl")
    assert "remix_of: videoId" in remix and "await requestGeneration(body, keyed)" in remix
    assert "requestGeneration(body, createKey)" in _script_function("onCreate"), "one way to ask for a video"
    asking = _script_function("requestGeneration")
    assert 'api("POST", "/v1/generations", body, { "Idempotency-Key": keyed.key })' in asking
    assert "error.status === 0)) keyed.key = null" in asking, "the key is kept only for a retry after a network failure"
    assert 'labelled("What to change", "input"' in remix and "maxLength: MAX_PROMPT" in remix
    assert "styleOptions()" in remix and '$("create-style")' in _script_function("styleOptions")
    assert 'await openView("create-view");\n      watch(generation);' in remix, "followed as a Create generation"
    assert "say(`Remixing @${owner}'s video.`)" in remix
    assert "showError(" not in remix.split("busy(", 1)[1], "the API's 404 (not remixable) shows in the error line"
    max_prompt = re.search(r"^const MAX_PROMPT = (\d+);", SCRIPT, re.MULTILINE)
    create_prompt = re.search(r'<textarea id="create-prompt"[^>]*maxlength="(\d+)"', client.get("/app").text)
    assert max_prompt and create_prompt
    assert int(max_prompt.group(1)) == int(create_prompt.group(1)) == get_args(Prompt)[1].max_length


def test_an_owner_posts_a_video_saying_whether_others_may_remix_it():
    assert "remixable" in PostRequest.__struct_fields__ and "remixable" in PostResponse.__struct_fields__
    item = _script_function("libraryItem")
    assert 'labelled("Let others remix it", "input",' in item and 'type: "checkbox"' in item
    assert "checked: true" in item, "remixable unless its owner says otherwise (the API's default)"
    assert "{ audience: audience.value, remixable: remixable.checked }" in item
    assert "posted.remixable ?" in item, "the item says whether it may be remixed, as the API answered"


def test_the_review_tab_is_hidden_until_the_api_says_one_reviews(client):
    page = _page(client)
    assert "review-tab" in page.hidden and "review-view" in page.hidden
    assert 'data-view="review-view"' in client.get("/app").text
    probe = re.search(r"async function probeReviewer\(\) \{\n(.*?)^\}", SCRIPT, re.MULTILINE | re.DOTALL)
    assert probe, "the script does not probe whether one reviews"
    assert 'api("GET", "/v1/reviews/reports' in probe.group(1)
    assert '$("review-tab").hidden = false' in probe.group(1)
    assert "showError" not in probe.group(1) and "report(" not in probe.group(1), "a 403 of the probe is no error"
    assert "probeReviewer()" in SCRIPT.split("async function probeReviewer", 1)[0], "the probe is never run"


def test_the_script_lists_notifications_counts_the_unread_and_marks_them_read():
    calls = {(method, _script_path(literal)) for method, literal in API_CALL.findall(SCRIPT)}
    for call in [("GET", "/v1/notifications"), ("GET", "/v1/notifications/unread"),
                 ("POST", "/v1/notifications/seen")]:
        assert call in calls, call
    assert {"notifications", "unread", "next_before"} <= set(NotificationListResponse.__struct_fields__)
    assert {"id", "at", "text", "unread"} <= set(NotificationResponse.__struct_fields__)
    assert "unread" in UnreadResponse.__struct_fields__ and "up_to" in SeenRequest.__struct_fields__

    opening, loading = _script_function("openNotifications"), _script_function("loadNotifications")
    assert "const loading = loadNotifications();" in opening
    assert 'api("GET", `/v1/notifications?limit=' in loading
    assert all("/seen" not in body for body in (opening, loading, _script_function("showNotificationsPage"))), \
        "opening the tab marks nothing read"
    older = _script_function("loadOlderNotifications")
    assert "/v1/notifications?before=${encodeURIComponent(notificationsBefore)}" in older
    assert '$("notifications-list").append(' in older, "an older page is appended, not put in place of the first"
    shown = _script_function("showNotificationsPage")
    assert "notificationsBefore = page.next_before" in shown
    assert '$("notifications-older").hidden = page.next_before == null' in shown
    assert "renderUnread(page.unread)" in shown, "opening the view refreshes the count"

    item = _script_function("notificationItem")
    assert "textContent: n.text" in item and "when(n.at)" in item
    assert '"card notification unread"' in item and 'textContent: "Unread"' in item, \
        "an unread one is marked by a class and in words, not by colour alone"
    seen = _script_function("onMarkAllRead")
    assert 'api("POST", "/v1/notifications/seen",' in seen and "renderUnread(unread)" in seen
    assert "up_to: Number(newest.dataset.id)" in seen, \
        "read up to the newest shown: one arriving meanwhile stays unread"


def test_the_notifications_tab_says_how_many_are_unread_in_its_name(client):
    page = client.get("/app").text
    tabs = re.findall(r'data-view="([a-z-]+)"', page.split('<nav id="tabs"', 1)[1].split("</nav>", 1)[0])
    assert tabs == ["feed-view", "create-view", "library-view", "characters-view", "notifications-view",
                    "family-view", "review-view"], tabs
    assert "notifications-view" in _page(client).hidden
    render = _script_function("renderUnread")
    assert "`Notifications (${count})`" in render, "the count shows on the tab"
    assert 'setAttribute("aria-label", `Notifications, ${count} unread`)' in render
    assert 'removeAttribute("aria-label")' in render, "no count when none is unread"


def test_the_unread_count_is_polled_while_signed_in_and_quietly():
    assert re.search(r"^const UNREAD_MS = 60000;", SCRIPT, re.MULTILINE)
    assert "setInterval(refreshUnread, UNREAD_MS)" in _script_function("startUnreadPolling")
    assert "clearInterval(unreadTimer)" in _script_function("stopUnreadPolling")
    enter = _script_function("enter")
    assert "startUnreadPolling()" in enter and "refreshUnread()" in enter
    sign_out = _script_function("signOut")
    assert "stopUnreadPolling()" in sign_out, "the unread timer outlives the sign-out"
    assert '$("notifications-list").replaceChildren()' in sign_out and "renderUnread(0)" in sign_out
    refresh = _script_function("refreshUnread")
    assert 'api("GET", "/v1/notifications/unread")' in refresh
    assert "showError" not in refresh, "a failed refresh (offline) says nothing"
    assert "error.status === 401" in refresh and "report(error)" in refresh, "a 401 signs out, as anywhere else"


def _script_set(name: str) -> set[str]:
    """The strings of the script's `const NAME = new Set([...]);`."""
    found = re.search(rf"^const {name} = new Set\(\[([^\]]*)\]\);", SCRIPT, re.MULTILINE)
    assert found, f"const {name} not found in the script"
    return set(re.findall(r'"([a-z_]+)"', found.group(1)))


def test_only_notifications_of_a_video_one_may_watch_offer_watch():
    assert {"kind", "video_id", "generation_id", "detail"} <= set(NotificationResponse.__struct_fields__)
    watchable, own = _script_set("WATCHABLE"), _script_set("OWN_VIDEO")
    assert watchable == {"video_ready", "cast", "cast_posted", "remixed"}
    assert own == {"removed", "removal_decided"}
    assert watchable | own <= set(KINDS), "a kind the inbox does not tell"
    assert not watchable & own
    assert "...notificationActions(n, text.id)" in _script_function("notificationItem")
    actions = _script_function("notificationActions")
    assert "if (WATCHABLE.has(n.kind) && n.video_id) return watchControl(n, textId);" in actions
    assert "if (OWN_VIDEO.has(n.kind)) {" in actions and 'await openView("library-view")' in actions
    assert 'textContent: "See in My videos"' in actions
    assert 'n.kind === "not_made" && n.generation_id && n.detail.startsWith("blocked:")) return appealHint(n)' \
        in actions
    assert actions.rstrip().endswith("return [];"), "any other kind offers nothing"
    assert SCRIPT.count('textContent: "Watch"') == 1 and 'textContent: "Watch"' in _script_function("watchControl"), \
        "Watch is offered by watchControl alone, reached only for the watchable kinds"
    assert SCRIPT.count("watchControl(") == 2 and SCRIPT.count("appealHint(") == 2, "called from one place only"


def test_a_notifications_video_plays_inline_through_the_same_player_and_media_path():
    control = _script_function("watchControl")
    assert ('slot.append(player(`/v1/videos/${encodeURIComponent(n.video_id)}/media`, "notifications",\n'
            "      `Video: ${n.text}`, VIDEO_GONE));") in control, "labelled, in the card, in the notifications scope"
    assert "fetch(" not in control and "send(" not in control and "api(" not in control, \
        "the bytes are fetched by loadMedia with the token, as for any player"
    assert 'dropMedia(slot, "notifications")' in control, "hiding it lets go of its object URL"
    keys = re.search(r"^const objectUrls = \{\n(.*?)^\};", SCRIPT, re.MULTILINE | re.DOTALL)
    assert keys and "notifications: new Set()" in keys.group(1)
    assert 'if (gone) video.dataset.gone = gone;' in _script_function("player")
    load = _script_function("loadMedia")
    assert "(error.status === 404 || error.status === 410) && video.dataset.gone" in load
    assert "note.textContent = gone ||" in load, "a deleted or unreachable video is said in the card"
    assert "showError" not in load and "report(error)" in load.split("error.status === 401", 1)[1], \
        "only a 401 reaches the error line"
    assert re.search(r'^const VIDEO_GONE = "[^"]+";', SCRIPT, re.MULTILINE)


def test_the_notifications_media_are_released_on_sign_out_and_on_reload():
    assert "for (const scope of Object.keys(objectUrls)) releaseMedia(scope);" in _script_function("signOut")
    loading = _script_function("loadNotifications")
    assert ('if (seq !== inboxSeq) return false;\n  releaseMedia("notifications");\n'
            '  $("notifications-list").replaceChildren(') in loading, \
        "the old list's media are let go as the new list takes its place"
    assert "releaseMedia(" not in _script_function("loadOlderNotifications"), "an older page keeps those shown"


def test_notification_actions_are_accessible_buttons(client):
    for name in ("notificationActions", "watchControl", "appealHint"):
        body = _script_function(name)
        assert 'el("button", { type: "button"' in body and 'setAttribute("aria-describedby",' in body, name
        assert "onclick" not in body and ".style" not in body, name
    assert 'id: `notification-${uniqueIds}`' in _script_function("notificationItem"), "what describes the buttons"
    assert 'slot.setAttribute("aria-live", "polite")' in _script_function("watchControl")
    hint = _script_function("appealHint")
    assert "appeal it in Create" in hint
    assert 'api("GET", `/v1/generations/${encodeURIComponent(n.generation_id)}`)' in hint
    assert 'await openView("create-view");\n    watch(generation);' in hint, "the Create view's own appeal form"
    assert "/appeal" not in hint, "no appeal flow of its own"
    page = client.get("/app").text
    for heading in ("library-heading", "generation-heading"):  # focused after the view opens
        assert re.search(rf'id="{heading}" tabindex="-1"', page), heading


def test_a_member_chooses_what_notifications_tell_them_in_the_notifications_view(client):
    calls = {(method, _script_path(literal)) for method, literal in API_CALL.findall(SCRIPT)}
    assert ("GET", "/v1/notifications/settings") in calls and ("PUT", "/v1/notifications/settings") in calls
    assert {"muted", "mutable"} <= set(NotificationSettingsResponse.__struct_fields__)
    assert "muted" in NotificationSettingsRequest.__struct_fields__

    opening = _script_function("openNotifications")
    assert 'api("GET", "/v1/notifications/settings")' in opening, "the settings load as the view opens"
    assert "Promise.all([loading," in opening, "alongside the first page, not after it"
    assert "if (shown && seq === inboxSeq) renderNotificationSettings(settings);" in opening, \
        "an answer for a member who left is dropped"

    render = _script_function("renderNotificationSettings")
    assert "settings.mutable.map(" in render, "one checkbox per kind the API says may be muted"
    assert 'labelled(KIND_WORDS.get(kind) || kind, "input",' in render, "labelled in words, else by its name"
    assert 'type: "checkbox"' in render and "checked: !muted.has(kind)" in render, "checked: told, not muted"
    assert '$("notifications-settings").hidden = false' in render, "Save shows only once the settings are read"

    save = _script_function("onNotificationSettings")
    assert "event.preventDefault()" in save and 'busy(form.querySelector("button[type=submit]")' in save
    assert "boxes.filter((box) => !box.checked).map((box) => box.value)" in save, "the unchecked kinds are muted"
    assert 'api("PUT", "/v1/notifications/settings", { muted })' in save, "the whole set, each time"
    assert "if (boxes.length === 0) return;" in save, "never unmutes all from a form that was not loaded"
    after = save.split('api("PUT"', 1)[1]
    assert "await loadNotifications()" in after and 'say("Saved.")' in after, \
        "the list is asked for again (muted ones leave it, the count follows), then Saved."
    assert "openNotifications" not in save and 'api("GET"' not in save, "the PUT answered the settings: not asked again"
    assert '$("notifications-settings-form").addEventListener("submit", onNotificationSettings)' \
        in _script_function("start")

    page = client.get("/app").text
    view = page.split('<section id="notifications-view"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'<details id="notifications-settings"[^>]*>\s*<summary>What to tell you</summary>', view)
    assert '<form id="notifications-settings-form"' in view and '<button type="submit">Save</button>' in view
    assert re.search(r"<fieldset[^>]*>\s*<legend>", view), "the checkboxes are a group with a name"
    always = re.search(r'<p id="notifications-always"[^>]*>(.*?)</p>', view, re.DOTALL)
    assert always and 'aria-describedby="notifications-always"' in view
    assert all(word in always.group(1) for word in ("likeness", "reviewers", "guardianship", "always told"))
    assert "notifications-settings" in _page(client).hidden, "hidden until the settings are loaded"


def test_every_kind_a_member_may_mute_is_said_in_words():
    kinds = _script_table("MUTABLE_KINDS")
    assert tuple(kind for kind, _ in kinds) == MUTABLE
    assert set(MUTABLE) <= set(KINDS)
    assert dict(kinds) == {
        "video_ready": "Your video is ready", "not_made": "Your video could not be made",
        "followed": "Someone followed you", "remixed": "Someone remixed your video",
        "report_decided": "A video you reported was decided", "appeal_decided": "Your appeal was decided",
    }
    assert re.search(r"^const KIND_WORDS = new Map\(MUTABLE_KINDS\);", SCRIPT, re.MULTILINE)


def test_the_notification_settings_are_cleared_on_sign_out():
    assert "clearNotificationSettings()" in _script_function("signOut")
    clear = _script_function("clearNotificationSettings")
    assert '$("notifications-kinds").replaceChildren()' in clear
    assert '$("notifications-settings").hidden = true' in clear and '$("notifications-settings").open = false' in clear


def test_my_reports_are_paged_with_older_reports():
    first = _script_function("loadReports")
    assert 'api("GET", `/v1/reports?limit=${REPORTS_PAGE}`)' in first
    assert '$("reports-more").hidden = reports.length < REPORTS_PAGE' in first
    older = _script_function("loadOlderReports")
    assert 'api("GET", `/v1/reports?limit=${REPORTS_PAGE}&offset=${offset}`)' in older
    assert 'const offset = $("reports-list").children.length' in older
    assert '$("reports-list").append(' in older and '$("reports-more").hidden = reports.length < REPORTS_PAGE' in older
    assert re.search(r"^const REPORTS_PAGE = 50;", SCRIPT, re.MULTILINE)
    assert '$("reports-more").hidden = true' in _script_function("signOut")


def test_nothing_is_loaded_from_off_the_machine():
    for name in ("index.html", "app.js", "style.css"):
        text = (WEB_DIR / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), name
        assert "@import" not in text, name


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_script_is_valid_javascript():
    result = subprocess.run(["node", "--check", str(WEB_DIR / "app.js")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_the_unread_count_is_also_pushed_while_signed_in():
    assert "streamUnread()" in _script_function("startUnreadPolling"), "the stream opens with the poll"
    assert "unreadStream.abort()" in _script_function("stopUnreadPolling"), "sign-out closes the stream"
    stream = _script_function("streamUnread")
    assert 'fetch("/v1/notifications/stream"' in stream and "...authHeaders()" in stream, \
        "read with fetch, which sends the token (EventSource cannot)"
    assert "response.status === 401" in stream and "if (live()) report(problem)" in stream
    assert 'message.event === "unread"' in stream and "renderUnread(JSON.parse(message.data).unread)" in stream
    assert "wait = message.retry" in stream, "the server's retry says when to open it again"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_scripts_event_stream_parser_reads_what_the_api_sends():
    from litestar.response import ServerSentEventMessage

    sent = ServerSentEventMessage(event="unread", data='{"unread":0}', retry=3000).encode().decode()  # as the API
    program = "function sseMessages(buffer) {\n" + _script_function("sseMessages") + "}\n" + (
        "const sent = " + json.dumps(sent) + ";\n"
        "const whole = sseMessages(sent + ': keep-alive\\r\\n\\r\\n');\n"
        "const cut = sseMessages(sent.slice(0, sent.length - 3));\n"
        "const split = sseMessages('event: unread\\ndata: {\"unread\":\\ndata: 2}\\n\\nevent: unr');\n"
        "const halves = [];\n"  # the event cut in two chunks at every place (between a \r and its \n too)
        "for (let k = 1; k < sent.length; k++) {\n"
        "  const first = sseMessages(sent.slice(0, k)), second = sseMessages(first.rest + sent.slice(k));\n"
        "  halves.push(first.messages.concat(second.messages)); }\n"
        "console.log(JSON.stringify([whole, cut, split, halves]));\n")
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    whole, cut, split, halves = json.loads(result.stdout)
    assert whole == {"messages": [{"event": "unread", "data": '{"unread":0}', "retry": 3000}], "rest": ""}
    assert cut["messages"] == [] and cut["rest"].startswith("event: unread"), "an event still arriving waits"
    assert split == {"messages": [{"event": "unread", "data": '{"unread":\n2}', "retry": None}],
                     "rest": "event: unr"}
    assert all(got == whole["messages"] for got in halves), "a chunk ending anywhere loses nothing"
