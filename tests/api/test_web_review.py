"""The web client's Review tab for appeals of blocked prompts, run: the script's own item (in node,
over the DOM shim) shows a real appeal as the API answers it, and the decision it sends is put
through the real API, which must decide the appeal."""

from __future__ import annotations

import json
from typing import get_args, get_type_hints

import pytest

from api.schemas_review import DecisionRequest
from tests.api.test_web import _script_function
from tests.api.test_web_family import SHIM, _functions, _run, needs_node
from tests.api.test_reviews import VIOLENT, _appeal, _generate, reviewer  # noqa: F401 - reviewer is a fixture
from tests.jobs.api_fixtures import app_runtime, tiny_model  # noqa: F401 - tiny_model is a fixture


@pytest.fixture
def runtime(tmp_path, clock, tiny_model):  # noqa: F811
    yield from app_runtime(tmp_path, clock, tiny_model)


def _item(case: dict, clicks: str = "") -> dict:
    program = SHIM + "let uniqueIds = 0;\nconst MAX_NOTE = 1000;\n" + _functions(
        "el", "labelled", "appealCaseItem", "decisionBox") + (
        "function reasonWords(r) { return r; }\n"
        "async function loadReviews() {}\n"
        "Node.prototype.setAttribute = function (n, v) { this.attributes[n] = String(v); };\n"
        f"const item = appealCaseItem({json.dumps(case)});\n"
        "const nodes = item.all();\n"
        "const texts = nodes.map((n) => n.textContent).filter(Boolean);\n"
        "const button = (t) => nodes.find((n) => n.tagName === 'button' && n.textContent === t);\n"
        "const note = nodes.find((n) => n.tagName === 'textarea');\n"
        f"(async () => {{ {clicks}\n"
        "  await new Promise((r) => setTimeout(r, 10));\n"
        "  console.log(JSON.stringify({ texts, calls, buttons: nodes.filter((n) => n.tagName === 'button')\n"
        "    .map((n) => n.textContent) })); })();\n")
    return _run(program)


@needs_node
def test_a_reviewer_overturns_an_appeal_from_the_review_tab_and_the_api_decides_it(client, members, runtime,
                                                                                  reviewer):  # noqa: F811
    alice = members.join("alice")
    gid = _generate(client, runtime, alice, VIOLENT)
    _appeal(client, alice, gid, note="it is a scene from a play")
    [case] = client.get("/v1/reviews", headers=reviewer).json()["cases"]
    shown = _item(case, "note.value = ' staged, nobody hurt ';\n"
                        "for (const f of button('Overturn').listeners.click) f();")
    assert f"Prompt: {VIOLENT['prompt']}" in shown["texts"]
    assert "Their note: “it is a scene from a play”" in shown["texts"]
    assert any(t.startswith("graphic_violence") and case["message"] in t for t in shown["texts"])
    assert shown["buttons"] == ["Overturn", "Uphold"]
    [call] = shown["calls"]
    assert (call["method"], call["path"]) == ("POST", f"/v1/reviews/{case['appeal_id']}/decision")
    assert call["body"] == {"outcome": "overturn", "note": "staged, nobody hurt"}
    decided = client.post(call["path"], headers=reviewer, json=call["body"])
    assert decided.status_code == 200, decided.text
    [done] = client.get("/v1/reviews?status=decided", headers=reviewer).json()["cases"]
    assert done["status"] == "overturned"
    after = _item(done)
    assert after["buttons"] == [] and any(t.startswith("Overturned by @rita") for t in after["texts"])


def test_the_review_tab_decides_with_the_outcomes_the_api_takes():
    item = _script_function("appealCaseItem")
    assert {o for o in get_args(get_type_hints(DecisionRequest)["outcome"])} == {"overturn", "uphold"}
    assert '"overturn"' in item and '"uphold"' in item and "window.confirm(" in item
    assert 'api("GET", `/v1/reviews?status=${encodeURIComponent(status)}`)' in _script_function("loadReviews")


def test_a_member_reads_their_appeals_with_every_status_said_in_words():
    import re

    from api.schemas_review import AppealResponse, AppealStatus
    from tests.api.test_web import SCRIPT

    block = re.search(r"^const APPEAL_STATUS = \{\n(.*?)^\};", SCRIPT, re.MULTILINE | re.DOTALL)
    assert block and re.findall(r"^\s*([a-z_]+):", block.group(1), re.MULTILINE) == list(get_args(AppealStatus))
    load = _script_function("loadMyAppeals")
    assert 'api("GET", "/v1/appeals?limit=50")' in load
    for field in ("status", "message", "note", "answer", "filed_at", "decided_at"):
        assert f"a.{field}" in load and field in AppealResponse.__struct_fields__, field
    assert "loadMyAppeals()" in _script_function("loadLibrary")


def test_sign_out_leaves_nothing_of_the_member_on_the_page_and_drops_late_answers():
    sign_out = _script_function("signOut")
    for cleared in ('$("appeal-cases-list").replaceChildren()', "renderOwnCharacter(null)", '$("quiet-form").reset()',
                    '$("invites-remaining").textContent = ""', '$("family-links").replaceChildren()',
                    '$("my-appeals-list").replaceChildren()', "reviewsSeq += 1"):
        assert cleared in sign_out, cleared
    assert "if (seq !== reviewsSeq) return;" in _script_function("loadReviews")
