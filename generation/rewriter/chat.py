"""An optional rewriter backend on an OpenAI-compatible chat endpoint (for deployments that run
an LLM: vLLM, llama.cpp's server, Ollama, a hosted API).

The LLM does what it is good at, turning a loose prompt into concrete sentences in the words
the world knows (one per shot); the built-in rewriter then reads those sentences into the
ScenePlan, so every plan is still grounded in the world's vocabulary and checked the same way.
Whenever the endpoint cannot help (unreachable, slow, an HTTP error, a reply without text, or
a reply the world cannot make), the built-in rewriter reads the person's own prompt, and the
Rewrite says which path was taken (`rewritten_by`). Input errors (an empty prompt, an unknown
style) are raised before any call.

Settings: REELWORLD_REWRITER_URL (e.g. http://127.0.0.1:8001/v1), REELWORLD_REWRITER_MODEL,
REELWORLD_REWRITER_API_KEY (cluster.settings).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request

import msgspec

from generation.rewriter.parse import FIELDS
from generation.rewriter.rewriter import NothingToMake, PromptError, PromptRewriter, Rewrite, _check
from generation.world.catalog import PALETTE

MAX_REPLY_CHARS = 2_000


def system_prompt() -> str:
    """The instructions: the world's vocabulary and the shape of the answer."""
    words = {field: sorted({c.phrases[0] for c in concepts}) for field, concepts in FIELDS.items()}
    return (
        "You rewrite prompts for a video generator whose world holds only these things.\n"
        f"Objects: {', '.join(words['kind'])}.\n"
        f"Colours: {', '.join(sorted(PALETTE))}.\n"
        f"Actions: {', '.join(words['verb'])}.\n"
        f"Settings: {', '.join(words['setting'])}.\n"
        f"Styles: {', '.join(words['style'])}; day or night.\n"
        "Answer with one short concrete sentence per shot, using only those words (a figure may say "
        "a short line in double quotes). Keep what the person asked for; make a vague prompt "
        "concrete; leave out what the world cannot show. No commentary, no lists, no markdown."
    )


class ChatError(RuntimeError):
    """The endpoint gave no usable rewrite (the reason is the message)."""


class ChatRewriter:
    """A Rewriter (generation.jobs.rewriting.Rewriter) that asks a chat endpoint first."""

    def __init__(self, base: PromptRewriter, url: str, model: str, *, api_key: str | None = None,
                 timeout_s: float = 20.0) -> None:
        self.base, self.model, self.api_key, self.timeout_s = base, model, api_key, timeout_s
        self.endpoint = url.rstrip("/") + "/chat/completions"

    def complete(self, prompt: str, shots: int) -> str:
        """The endpoint's rewrite of `prompt`. Raises ChatError."""
        body = {"model": self.model, "temperature": 0.2, "max_tokens": 200,
                "messages": [{"role": "system", "content": system_prompt()},
                             {"role": "user", "content": f"Shots: {shots}. Prompt: {prompt}"}]}
        headers = {"content-type": "application/json"}
        if self.api_key:
            headers["authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.endpoint, data=json.dumps(body).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                reply = json.loads(response.read(1_000_000))
        except urllib.error.HTTPError as error:
            raise ChatError(f"chat endpoint answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ChatError(f"chat endpoint unreachable ({getattr(error, 'reason', error)})") from None
        except http.client.HTTPException as error:
            raise ChatError(f"chat endpoint answered something that is not HTTP ({type(error).__name__})") from None
        except ValueError:  # not JSON, or not UTF-8
            raise ChatError("chat endpoint answered something that is not JSON") from None
        try:
            text = reply["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise ChatError("chat endpoint's answer has no choices[0].message.content") from None
        if not isinstance(text, str) or not text.strip():
            raise ChatError("chat endpoint answered with no text")
        return text.strip()[:MAX_REPLY_CHARS]

    def rewrite(self, prompt: str, *, style: str | None = None, shots: int = 1,
                characters: tuple[str, ...] = (), seed: int = 0) -> Rewrite:
        """As PromptRewriter.rewrite, reading the endpoint's sentences when it gives usable ones."""
        _check(prompt, style, shots)  # bad input is the person's to fix, whatever the backend
        try:
            text = self.complete(prompt, shots)
            result = self.base.rewrite(text, style=style, shots=shots, characters=characters, seed=seed)
            return msgspec.structs.replace(result, rewritten_by=f"chat:{self.model}")
        except (ChatError, NothingToMake, PromptError) as error:
            reason = str(error) if isinstance(error, ChatError) else "the chat rewrite was not usable"
        result = self.base.rewrite(prompt, style=style, shots=shots, characters=characters, seed=seed)
        return msgspec.structs.replace(result, rewritten_by=f"built-in ({reason})")
