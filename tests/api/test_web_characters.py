"""The web client's Characters view and invites, run: the script's own upload handler (in node,
with node's FormData and File) builds the multipart body of a real capture, and that body is put
through the real API, which must make the character with the audience the form said."""

from __future__ import annotations

import base64
import json
import re
from typing import get_args

import pytest

from api.schemas_characters import AudienceName
from api.schemas_generation import GenerationRequest
from events.feed import FeedSignal
from tests.api.test_web import SCRIPT, _script_function
from tests.api.test_web_family import SHIM, _functions, _run, needs_node
from tests.capture_fixtures import make_capture


@pytest.fixture(scope="module")
def capture() -> bytes:
    return make_capture(size=96, seconds=3.0)


def _uploaded(capture: bytes, *, own: bool, audience: str = "only_me", approved: str = "") -> dict:
    """What onCapture sends for a form holding `capture` (`own`: one's character exists, so the
    audience fields are hidden): {"method", "path", "fields": [[name, value]], "files": [[name, filename,
    type, base64]]}."""
    program = SHIM + _functions("handlesOf", "onCapture") + (
        "class ApiError extends Error {}\n"
        "function renderOwnCharacter() {}\n"
        "answer = { name: 'alice' };\n"
        f"const box = new Node('div'); box.hidden = {json.dumps(own)};\n"
        "const $ = (id) => (id === 'capture-audience-box' ? box : new Node('p'));\n"
        f"const file = new File([Buffer.from({json.dumps(base64.b64encode(capture).decode())}, 'base64')],\n"
        "  'me.mp4', { type: 'video/mp4' });\n"
        "const form = new Node('form'); form.querySelector = () => new Node('button');\n"
        "form.reset = () => { form.wasReset = true; };\n"
        f"form.elements = {{ capture: {{ files: [file] }}, audience: {{ value: {json.dumps(audience)} }},\n"
        f"  approved: {{ value: {json.dumps(approved)} }} }};\n"
        "(async () => {\n"
        "  await onCapture({ preventDefault() {}, currentTarget: form });\n"
        "  const [call] = calls, fields = [], files = [];\n"
        "  for (const [name, value] of call.body.entries()) {\n"
        "    if (typeof value === 'string') fields.push([name, value]);\n"
        "    else files.push([name, value.name, value.type,\n"
        "      Buffer.from(await value.arrayBuffer()).toString('base64')]); }\n"
        "  console.log(JSON.stringify({ method: call.method, path: call.path, fields, files, n: calls.length,\n"
        "    reset: form.wasReset === true }));\n"
        "})();\n")
    sent = _run(program)
    assert sent.pop("n") == 1
    assert sent.pop("reset") is True, "the file sent is cleared from the form"
    return sent


def _send(client, headers, sent: dict):
    data: dict[str, list[str]] = {}
    for name, value in sent["fields"]:
        data.setdefault(name, []).append(value)
    files = {name: (filename, base64.b64decode(content), media) for name, filename, media, content in sent["files"]}
    return client.request(sent["method"], sent["path"], headers=headers, data=data, files=files)


@needs_node
def test_a_member_makes_their_character_from_the_form_with_the_people_they_name(client, members, capture):
    alice = members.join("alice")
    members.join("bob"), members.join("carol")
    sent = _uploaded(capture, own=False, audience="approved", approved="@bob\ncarol, ")
    assert (sent["method"], sent["path"]) == ("POST", "/v1/characters")
    assert sent["fields"] == [["audience", "approved"], ["approved", "bob"], ["approved", "carol"]]
    assert [f[:3] for f in sent["files"]] == [["capture", "me.mp4", "video/mp4"]]
    made = _send(client, alice, sent)
    assert made.status_code == 201, made.text
    assert made.json()["audience"] == "approved" and sorted(made.json()["approved"]) == ["bob", "carol"]

    again = _uploaded(capture, own=True, audience="everyone")  # a new capture: the audience stays
    assert (again["method"], again["path"], again["fields"]) == ("PUT", "/v1/characters/me/capture", [])
    recaptured = _send(client, alice, again)
    assert recaptured.status_code == 200, recaptured.text
    assert recaptured.json()["audience"] == "approved"


@needs_node
def test_the_audience_form_saves_who_may_use_a_character(client, members, capture):
    alice = members.join("alice")
    members.join("bob")
    assert _send(client, alice, _uploaded(capture, own=False)).status_code == 201
    program = SHIM + _functions("handlesOf", "onAudience") + (
        "function renderOwnCharacter() {}\n"
        "const form = new Node('form'); form.querySelector = () => new Node('button');\n"
        "form.elements = { audience: { value: 'approved' }, approved: { value: ' @bob ' } };\n"
        "(async () => { await onAudience({ preventDefault() {}, currentTarget: form });\n"
        "  form.elements.audience.value = 'mutuals';\n"
        "  await onAudience({ preventDefault() {}, currentTarget: form });\n"
        "  console.log(JSON.stringify(calls)); })();\n")
    named, mutuals = _run(program)
    assert named["body"] == {"audience": "approved", "approved": ["bob"]}
    assert mutuals["body"] == {"audience": "mutuals", "approved": []}, "names go with 'People I name' only"
    for call in (named, mutuals):
        answer = client.request(call["method"], call["path"], headers=alice, json=call["body"])
        assert answer.status_code == 200, answer.text
    assert client.get("/v1/characters/me", headers=alice).json()["audience"] == "mutuals"


def test_a_teen_is_not_offered_a_character_open_to_everyone():
    assert 'value === "everyone" && member && member.is_teen' in _script_function("audienceOptions")
    block = re.search(r"^const CHARACTER_AUDIENCES = \[\n(.*?)^\];", SCRIPT, re.MULTILINE | re.DOTALL)
    assert block and re.findall(r'^\s*\["([a-z_]+)",', block.group(1), re.MULTILINE) == list(get_args(AudienceName))


def test_every_video_that_shows_one_is_listed_and_may_be_taken_down():
    load = _script_function("loadCharacters")
    assert 'api("GET", "/v1/characters/me/videos?limit=200")' in load and "appearanceItem" in load
    item = _script_function("appearanceItem")
    assert "window.confirm(" in item
    assert 'api("DELETE", `/v1/characters/me/videos/${encodeURIComponent(v.video_id)}`)' in item
    assert 'api("DELETE", "/v1/characters/me")' in _script_function("onRemoveCharacter")


def test_create_sends_the_shots_and_the_characters_chosen_as_the_api_names_them():
    assert {"shots", "characters"} <= set(GenerationRequest.__struct_fields__)
    create = _script_function("onCreate")
    assert "if (shots > 1) body.shots = shots;" in create and "if (cast.length) body.characters = cast;" in create
    assert 'value: c.name' in _script_function("loadCreateCharacters"), "a character is named as the API names it"
    assert re.search(r"^const MAX_CAST = 4;", SCRIPT, re.MULTILINE)


def test_a_member_sees_their_invite_codes_and_makes_one_while_the_allowance_lasts(client, members):
    alice = members.join("alice")
    made = client.post("/v1/invites", headers=alice).json()
    listed = client.get("/v1/invites", headers=alice).json()
    assert {"invites", "remaining"} <= listed.keys() and made["code"] in {i["code"] for i in listed["invites"]}
    words = re.search(r"^const INVITE_STATUS = (\{.*?\});", SCRIPT, re.MULTILINE).group(1)
    assert {i["status"] for i in listed["invites"]} <= set(re.findall(r"([a-z]+):", words))
    assert 'api("GET", "/v1/invites")' in _script_function("loadInvites")
    assert 'api("POST", "/v1/invites")' in _script_function("onNewInvite")


@needs_node
def test_like_and_show_less_in_the_feed_send_the_signals_the_api_takes():
    program = SHIM + "let uniqueIds = 0;\n" + _functions("el", "signalControl") + (
        "function dropMedia() {}\n"
        "Node.prototype.getAttribute = function (name) { return this.attributes[name]; };\n"
        "Node.prototype.replaceChildren = function (...nodes) { this.children = nodes; };\n"
        "Node.prototype.remove = function () { this.removed = true; };\n"
        "const li = new Node('li');\n"
        "const row = signalControl('v 1', li);\n"
        "const [like, less] = row.children;\n"
        "(async () => {\n"
        "  for (const f of like.listeners.click) await f();\n"
        "  const pressed = like.attributes['aria-pressed'];\n"
        "  for (const f of like.listeners.click) await f();\n"
        "  for (const f of less.listeners.click) await f();\n"
        "  const [note, undo] = li.children;\n"
        "  for (const f of undo.listeners.click) await f();\n"
        "  console.log(JSON.stringify([pressed, like.attributes['aria-pressed'], calls, note.textContent]));\n"
        "})();\n")
    pressed, unpressed, calls, note = _run(program)
    assert (pressed, unpressed) == ("true", "false")
    assert [(c["method"], c["path"], c["body"]["signal"]) for c in calls] == [
        ("PUT", "/v1/feed/signals/v%201", signal) for signal in ("like", "none", "less", "none")]
    assert note == "Undone: it may come back in your feed."
    assert set(get_args(FeedSignal)) == {c["body"]["signal"] for c in calls}
    assert "signalControl(v.video_id, li, item.liked)" in _script_function("feedItem"), "pressed as the API says"
    program = SHIM + "let uniqueIds = 0;\n" + _functions("el", "signalControl") + (
        "function dropMedia() {}\n"
        "console.log(JSON.stringify([true, false, undefined].map((liked) =>\n"
        "  signalControl('v', new Node('li'), liked).children[0].attributes['aria-pressed'])));\n")
    assert _run(program) == ["true", "false", "false"]


@needs_node
def test_a_reload_follows_again_the_generation_followed_before_it():
    def run(stored: str | None, answer: str) -> list:
        return _run(SHIM + _functions("resumeWatching") + (
            "const WATCHING_KEY = 'reelworld.watching';\n"
            "class ApiError extends Error { constructor(status) { super(); this.status = status; } }\n"
            f"const store = new Map({json.dumps([['reelworld.watching', stored]] if stored else [])});\n"
            "const sessionStorage = { getItem: (k) => store.get(k) ?? null, removeItem: (k) => store.delete(k) };\n"
            "const watched = [];\n"
            "function watch(g) { watched.push(g.generation_id); }\n"
            f"api = async (method, path) => {{ calls.push({{ method, path }}); {answer} }};\n"
            "(async () => { await resumeWatching();\n"
            "  console.log(JSON.stringify([calls, watched, store.get('reelworld.watching') ?? null])); })();\n"))

    calls, watched, kept = run("g-1", "return { generation_id: 'g-1' };")
    assert calls == [{"method": "GET", "path": "/v1/generations/g-1"}] and watched == ["g-1"] and kept == "g-1"
    calls, watched, kept = run("g-2", "throw new ApiError(404);")  # gone since: forgotten, quietly
    assert watched == [] and kept is None
    assert run(None, "return {};")[0] == [], "nothing followed: nothing asked"
    assert "sessionStorage.setItem(WATCHING_KEY, watching)" in _script_function("watch")
    assert "sessionStorage.removeItem(WATCHING_KEY)" in _script_function("signOut")
    assert "resumeWatching()" in _script_function("enter")
