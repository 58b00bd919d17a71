"""The web client's Family view, run: the script's own functions (in node, over a small DOM
shim) build a guardian's controls form from what GET /v1/guardians answers, and the body its
Save sends is put through the real API, which must record the same controls. Also: every link
status the API answers is said in words, and a teen's view names every control."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from api.schemas import ControlsBody
from tests.api.test_web import SCRIPT, _script_function

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

SHIM = r"""
class Node {
  constructor(tag) { this.tagName = tag; this.children = []; this.attributes = {}; this.listeners = {};
    this.hidden = false; this._value = ""; }
  set value(v) { this._value = String(v); }
  get value() { return this._value; }
  append(...nodes) { this.children.push(...nodes); }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  addEventListener(type, f) { (this.listeners[type] = this.listeners[type] || []).push(f); }
  all() { return [this, ...this.children.flatMap((c) => (c instanceof Node ? c.all() : []))]; }
}
const document = { createElement: (tag) => new Node(tag) };
const window = { confirm: () => true };
const calls = [];
let answer = null; // what each api() call answers
let api = async (method, path, body) => { calls.push({ method, path, body }); return answer; };
async function busy(button, action) { return action(); }
async function loadFamily() {}
function say() {}
function when(at) { return at; }
"""


def _functions(*names: str) -> str:
    def head(name: str) -> str:
        return re.search(rf"^((?:async )?function {name}\(.*?\) \{{)", SCRIPT, re.MULTILINE).group(1)

    return "".join(f"{head(name)}\n{_script_function(name)}}}\n" for name in names)


def _form(link: dict) -> str:
    """JS that builds the controls form of `link` as `form`, its nodes as `nodes`."""
    return (SHIM + "let uniqueIds = 0;\n" + _functions("el", "labelled", "countOrNull", "localZone", "controlsForm")
            + f"const form = controlsForm({json.dumps(link)});\nconst nodes = form.all();\n")


def _run(program: str):
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _saved_bodies(link: dict, change: str = "") -> list[dict]:
    """The bodies the controls form of `link` sends on Save, after `change` (JS run on the form's
    nodes: `byLabel(text)` is the control a label of that text points at)."""
    program = _form(link) + (
        "const byLabel = (text) => {\n"
        "  const label = nodes.find((n) => n.tagName === 'label' && n.textContent === text);\n"
        "  return nodes.find((n) => n.id === label.htmlFor); };\n"
        f"{change}\n"
        "(async () => { for (const f of form.listeners.submit) await f({ preventDefault() {} });\n"
        "  console.log(JSON.stringify(calls)); })();\n")
    calls = _run(program)
    assert all(call["method"] == "PUT" and call["path"] == f"/v1/guardians/{link['teen']}/controls" for call in calls)
    return [call["body"] for call in calls]


def _linked(client, members):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    code = client.post("/v1/guardians/links", headers=guardian).json()["code"]
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": code}).status_code == 204
    return guardian, teen


def _link_of(client, headers) -> dict:
    [link] = client.get("/v1/guardians", headers=headers).json()["links"]
    return link


def _untagged(value):
    """An answer without its structs' "type" tags, as a request body is written."""
    if isinstance(value, dict):
        return {name: _untagged(v) for name, v in value.items() if name != "type"}
    return value


def _controls(link: dict) -> dict:
    return _untagged(link["controls"])


@needs_node
def test_a_guardian_saves_a_teens_controls_as_the_form_shows_them_and_the_api_records_them(client, members):
    guardian, _ = _linked(client, members)
    link = _link_of(client, guardian)
    assert link["status"] == "active" and link["controls"] is None, "no controls set yet: the form shows defaults"
    [first] = _saved_bodies(link)
    assert set(first) == set(ControlsBody.__struct_fields__), "every control is sent, none left to a default"
    assert client.put("/v1/guardians/kid/controls", headers=guardian, json=first).status_code == 200
    recorded = _controls(_link_of(client, guardian))
    assert recorded == first == {"daily_generation_limit": None, "personalised_feed": True,
                                 "session_minutes_cap": None, "purchases_allowed": False,
                                 "characters_allowed": True, "feed_daily_items": None, "quiet_hours": None}

    set_all = {"daily_generation_limit": 3, "personalised_feed": False, "session_minutes_cap": 45,
               "purchases_allowed": True, "characters_allowed": False, "feed_daily_items": 20,
               "quiet_hours": {"start": "21:30", "end": "07:00", "timezone": "Europe/Paris"}}
    assert client.put("/v1/guardians/kid/controls", headers=guardian, json=set_all).status_code == 200
    link = _link_of(client, guardian)
    [unchanged] = _saved_bodies(link)
    assert unchanged == set_all, "Save of an untouched form changes nothing"

    [quiet_off] = _saved_bodies(link, "byLabel('Quiet hours every day: the feed rests, no new videos, "
                                      "no notifications').checked = false;")
    assert quiet_off == {**set_all, "quiet_hours": None}
    [edited] = _saved_bodies(link, "byLabel('Generations a day (empty: the teen default)').value = '';\n"
                                   "byLabel('From').value = '22:00';\n"
                                   "byLabel('Their time zone').value = ' Asia/Tokyo ';")
    assert edited == {**set_all, "daily_generation_limit": None,
                      "quiet_hours": {"start": "22:00", "end": "07:00", "timezone": "Asia/Tokyo"}}
    assert client.put("/v1/guardians/kid/controls", headers=guardian, json=edited).status_code == 200
    assert _controls(_link_of(client, guardian)) == edited


@needs_node
def test_quiet_hours_start_from_the_browsers_zone_and_are_required_only_when_on(client, members):
    guardian, _ = _linked(client, members)
    program = _form(_link_of(client, guardian)) + (
        "const box = nodes.find((n) => n.type === 'checkbox' && n.id === nodes.find((l) => l.tagName === 'label'\n"
        "  && l.textContent.startsWith('Quiet hours')).htmlFor);\n"
        "const span = nodes.find((n) => n.className === 'quiet');\n"
        "const times = nodes.filter((n) => n.type === 'time');\n"
        "const before = [span.hidden, times.map((t) => t.required), times.map((t) => t.value)];\n"
        "box.checked = true; for (const f of box.listeners.change) f();\n"
        "console.log(JSON.stringify([before, span.hidden, times.map((t) => t.required),\n"
        "  nodes.find((n) => n.maxLength === 64).value, Intl.DateTimeFormat().resolvedOptions().timeZone]));\n")
    before, hidden, required, zone, browser_zone = _run(program)
    assert before == [True, [False, False], ["21:00", "07:00"]], "off: hidden, not required, sensible defaults"
    assert hidden is False and required == [True, True]
    assert zone == browser_zone


def test_each_status_a_link_has_is_said_in_words(client, members, clock, runtime):
    guardian, teen = members.join("mum"), members.join("kid", birth_year=2011)
    client.post("/v1/guardians/links", headers=guardian)
    clock.advance(hours=runtime.settings.guardian_link_ttl_hours + 1)  # that code expired
    code = client.post("/v1/guardians/links", headers=guardian).json()["code"]
    client.post("/v1/guardians/links", headers=guardian)  # a third, still waiting
    assert client.post("/v1/guardians/confirm", headers=teen, json={"code": code}).status_code == 204
    statuses = {link["status"] for link in client.get("/v1/guardians", headers=guardian).json()["links"]}
    assert statuses == {"pending", "active", "expired"}
    block = re.search(r"^const LINK_STATUS = \{\n(.*?)^\};", SCRIPT, re.MULTILINE | re.DOTALL)
    assert block and set(re.findall(r"^\s*([a-z_]+):", block.group(1), re.MULTILINE)) == statuses


def test_a_teen_sees_every_control_their_guardian_set_and_can_link_with_a_code():
    words = _script_function("controlsList")
    for field in ControlsBody.__struct_fields__:
        assert f"c.{field}" in words, f"the teen's view does not say {field}"
    family = _script_function("loadFamily")
    assert 'api("GET", "/v1/guardians")' in family and "member.is_teen" in family
    assert '$("family-start").hidden = teen' in family, "only an adult gets a code"
    assert '$("family-confirm-form").hidden = !teen || guarded' in family, "a teen with a guardian links no other"
    assert 'api("POST", "/v1/guardians/confirm", { code: form.elements.code.value.trim() })' in \
        _script_function("onFamilyConfirm")
    assert 'api("POST", "/v1/guardians/links")' in _script_function("onFamilyStart")
    release = _script_function("controlsForm")
    assert "window.confirm(" in release and 'api("DELETE", `/v1/guardians/${encodeURIComponent(link.teen)}`)' in release


def test_the_unread_stream_waits_out_quiet_hours_rather_than_knocking():
    stream = _script_function("streamUnread")
    assert 'response.status === 403 ? Number(response.headers.get("Retry-After"))' in stream
    assert "continue;" in stream.split('get("Retry-After")', 1)[1].split("throw new Error", 1)[0]


@needs_node
def test_a_member_saves_their_own_quiet_hours_from_the_feed_view_and_the_api_records_them(client, members):
    me = members.join("night_owl")
    program = SHIM + _functions("localZone", "renderQuiet", "onQuiet") + (
        "const elements = {};\n"
        "const $ = (id) => (elements[id] = elements[id] || new Node('input'));\n"
        f"renderQuiet({json.dumps(client.get('/v1/me/quiet-hours', headers=me).json())});\n"
        "const shown = [$('quiet-start').value, $('quiet-end').value, $('quiet-timezone').value,\n"
        "  $('quiet-clear').hidden, $('quiet-summary').textContent];\n"
        "$('quiet-start').value = '23:15'; $('quiet-timezone').value = 'America/Chicago ';\n"
        "const form = new Node('form'); form.querySelector = () => new Node('button');\n"
        "answer = { own: { start: '23:15', end: '07:00', timezone: 'America/Chicago' }, guardian: null,\n"
        "  resting_until: null };\n"
        "(async () => { await onQuiet({ preventDefault() {}, currentTarget: form });\n"
        "  console.log(JSON.stringify([shown, calls, Intl.DateTimeFormat().resolvedOptions().timeZone,\n"
        "    $('quiet-clear').hidden, $('quiet-summary').textContent])); })();\n")
    shown, calls, browser_zone, clear_hidden, summary = _run(program)
    assert shown == ["22:00", "07:00", browser_zone, True, "You have none."], "nothing set: defaults, no Remove"
    [put] = calls
    assert (put["method"], put["path"]) == ("PUT", "/v1/me/quiet-hours")
    assert put["body"] == {"start": "23:15", "end": "07:00", "timezone": "America/Chicago"}
    saved = client.put(put["path"], headers=me, json=put["body"])
    assert saved.status_code == 200 and saved.json()["own"]["timezone"] == "America/Chicago"
    assert clear_hidden is False and summary == "Yours: 23:15 to 07:00 (America/Chicago).", "as the PUT answered"
    assert 'api("DELETE", "/v1/me/quiet-hours")' in _script_function("onQuietClear")
    assert "loadQuiet()" in _script_function("openFeed")
