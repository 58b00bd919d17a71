"""The chat-endpoint rewriter against a real HTTP server that speaks the OpenAI chat API.

No LLM runs here, so the server answers from a table (an LLM's job, done by hand); what is
tested is our side: the request it sends, how its answer becomes a plan, and every way the
endpoint can fail falling back to the built-in rewriter with the reason recorded.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generation.rewriter import NothingToMake, PromptError, PromptRewriter
from generation.rewriter.chat import ChatRewriter
from recsys.embeddings import MiniLMEmbedder

ANSWERS = {
    "something fun at the seaside": "A yellow beach ball floats and bobs on the sea at the beach by day.",
    "two shots of a duel": 'A red basketball is shot at the hoop in a gym.\nA blue basketball misses and rebounds off the backboard in the gym.',
    "a dragon": "A dragon breathes fire over the castle.",
    "a red ball drops": "A dragon breathes fire over the castle.",
}


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict] = []
    mode = "answer"

    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        type(self).seen.append({"path": self.path, "auth": self.headers.get("authorization"), "body": body})
        if self.mode == "http500":
            self.send_response(500)
            self.end_headers()
            return
        if self.mode == "not_http":
            self.wfile.write(b"hello there\r\n\r\n")
            self.close_connection = True
            return
        if self.mode == "slow":
            time.sleep(2)
        prompt = body["messages"][-1]["content"].split("Prompt: ", 1)[1]
        reply = {"choices": [{"message": {"role": "assistant", "content": ANSWERS.get(prompt, "")}}]}
        data = {"garbage": b"not json", "not_utf8": b'{"choices": "\xff\xfe"}'}.get(
            self.mode, json.dumps(reply).encode())
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except BrokenPipeError:  # the client gave up waiting (the "slow" case)
            pass


@pytest.fixture(scope="module")
def base():
    return PromptRewriter(MiniLMEmbedder())


@pytest.fixture
def server():
    _Handler.seen, _Handler.mode = [], "answer"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_a_vague_prompt_becomes_the_endpoints_concrete_scene(base, server):
    chat = ChatRewriter(base, server, "tiny-llm", api_key="sk-test")
    result = chat.rewrite("something fun at the seaside", seed=1)
    assert result.rewritten_by == "chat:tiny-llm"
    assert [o.kind for o in result.plan.objects] == ["beach_ball"] and result.plan.setting == "beach"
    sent = _Handler.seen[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sk-test"
    assert sent["body"]["model"] == "tiny-llm"
    system = sent["body"]["messages"][0]["content"]
    assert "beach ball" in system and "Settings:" in system


def test_one_sentence_per_shot_makes_a_multi_shot_plan(base, server):
    result = ChatRewriter(base, server, "m").rewrite("two shots of a duel", shots=2)
    assert result.rewritten_by == "chat:m" and len(result.plan.shots) == 2


@pytest.mark.parametrize("mode, reason", [("http500", "HTTP 500"), ("garbage", "not JSON"),
                                           ("not_utf8", "not JSON"), ("not_http", "not HTTP"),
                                           ("slow", "unreachable")])
def test_a_failing_endpoint_falls_back_to_the_built_in_rewriter(base, server, mode, reason):
    _Handler.mode = mode
    chat = ChatRewriter(base, server, "m", timeout_s=0.5)
    result = chat.rewrite("a red ball bounces in a gym")
    assert result.rewritten_by.startswith("built-in") and reason in result.rewritten_by
    assert result.plan.setting == "gym" and result.plan.objects[0].colour == "red"


def test_an_unusable_answer_and_a_closed_port_fall_back_too(base, server):
    chat = ChatRewriter(base, server, "m")
    result = chat.rewrite("a red ball drops")  # the answer names nothing the world can make
    assert result.rewritten_by.startswith("built-in") and result.plan.objects[0].colour == "red"
    with pytest.raises(NothingToMake):  # nothing makeable either way: the person hears what is
        chat.rewrite("a dragon")
    closed = ChatRewriter(base, "http://127.0.0.1:9/v1", "m", timeout_s=0.5)
    assert "unreachable" in closed.rewrite("a ball drops").rewritten_by


def test_bad_input_is_refused_before_any_call(base, server):
    chat = ChatRewriter(base, server, "m")
    with pytest.raises(PromptError):
        chat.rewrite("   ")
    with pytest.raises(PromptError):
        chat.rewrite("a ball", style="vaporwave")
    assert _Handler.seen == []


def test_settings_choose_the_backend(monkeypatch, tmp_path):
    from cluster.settings import load_settings
    from generation.jobs.components import shared_rewriter

    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    monkeypatch.setenv("REELWORLD_REWRITER_URL", "http://llm:8001/v1")
    monkeypatch.setenv("REELWORLD_REWRITER_MODEL", "qwen")
    s = load_settings()
    assert (s.rewriter_url, s.rewriter_model, s.rewriter_api_key) == ("http://llm:8001/v1", "qwen", None)
    chat = shared_rewriter(s.rewriter_url, s.rewriter_model)
    assert isinstance(chat, ChatRewriter) and chat.endpoint == "http://llm:8001/v1/chat/completions"
    assert isinstance(shared_rewriter(), PromptRewriter)
