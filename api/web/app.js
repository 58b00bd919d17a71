// Reelworld's web client: one page over the JSON API (no build step, nothing from elsewhere).
// Every call goes through api(METHOD, path): tests/api/test_web.py reads the path literals of
// those calls and checks each against the OpenAPI document. The bearer token lives in this tab's sessionStorage.
// Text from the server is only ever set as textContent (never parsed as HTML).
"use strict";

const TOKEN_KEY = "reelworld.token";
const WATCHING_KEY = "reelworld.watching"; // the generation followed in Create: followed again after a reload
const POLL_MS = 1500;
const UNREAD_MS = 60000; // how often the Notifications tab asks how many are unread, while signed in
const NOTIFICATIONS_PAGE = 30;
const REPORTS_PAGE = 50;
// Notification kinds (social/inbox.py) whose video_id is a video the member may watch, and those
// about a video of their own that a reviewer removed (or whose removal's appeal was decided).
const WATCHABLE = new Set(["video_ready", "cast", "cast_posted", "remixed"]);
const OWN_VIDEO = new Set(["removed", "removal_decided"]);
const VIDEO_GONE = "This video is gone: it was deleted, or it no longer reaches you.";
// The kinds of notification a member may mute, in their words (social.inbox.MUTABLE, in its order;
// tests/api/test_web.py checks that they agree). A kind not here is shown by its name.
const MUTABLE_KINDS = [
  ["video_ready", "Your video is ready"],
  ["not_made", "Your video could not be made"],
  ["followed", "Someone followed you"],
  ["remixed", "Someone remixed your video"],
  ["report_decided", "A video you reported was decided"],
  ["appeal_decided", "Your appeal was decided"],
];
const KIND_WORDS = new Map(MUTABLE_KINDS);
const FINISHED = new Set(["published", "blocked", "failed", "cancelled", "deleted"]);
const AUDIENCES = [["everyone", "Everyone"], ["followers", "Followers"], ["mutuals", "Mutuals"]];
// Why a video is reported (or removed), in a member's words: the API's reasons, in its order
// (safety.review.REASON_WORDS; tests/api/test_web.py checks that the two agree).
const REPORT_REASONS = [
  ["sexual_minors", "sexual content involving a minor, or a child put in danger"],
  ["sexual", "sexual or nude content"],
  ["graphic_violence", "graphic violence or gore"],
  ["self_harm", "self-harm or suicide"],
  ["hate", "hate or harassment"],
  ["violent_threats", "threats of violence"],
  ["dangerous", "dangerous acts or challenges"],
  ["real_person_likeness", "shows a real person (you, or someone else) without their consent"],
  ["spam", "spam or misleading"],
  ["other", "something else (say what in the note)"],
];
const REASON_WORDS = new Map(REPORT_REASONS);
const REPORT_STATUS = {
  open: "Open: a reviewer will look at it",
  removed: "Removed: a reviewer took the video down",
  kept: "Kept: a reviewer found it within the rules",
  appealed: "Removed; its owner appealed, waiting for a second reviewer",
  restored: "Restored after its owner's appeal",
  withdrawn: "Closed: the video is gone",
};
const MAX_NOTE = 1000;
const MAX_PROMPT = 1000; // a generation's prompt (the Create form's maxlength too), a remix's change included

const $ = (id) => document.getElementById(id);

// -- talking to the API ------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function authHeaders() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

// An RFC 9457 problem document's words; a short fallback when the body is not one.
async function problemOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  const title = body && typeof body.title === "string" ? body.title : response.statusText || "Error";
  const detail = body && typeof body.detail === "string" && body.detail
    ? body.detail
    : `the server answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, title, detail);
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch (_) {
    throw new ApiError(0, "Network error", "the server cannot be reached: check your connection and try again");
  }
}

// The JSON answer of METHOD path (null for 204); throws ApiError for any other status. A FormData
// body is sent as multipart/form-data (an upload), any other as JSON.
async function api(method, path, body, extraHeaders) {
  const headers = { Accept: "application/json", ...authHeaders(), ...(extraHeaders || {}) };
  const init = { method, headers, cache: "no-store" };
  if (body instanceof FormData) {
    init.body = body; // multipart/form-data: the browser writes its Content-Type and boundary
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await send(path, init);
  if (!response.ok) throw await problemOf(response);
  return response.status === 204 ? null : response.json();
}

// -- messages ----------------------------------------------------------------------------------

function showError(message) {
  const line = $("error");
  line.textContent = message;
  line.hidden = false;
}

function clearMessages() {
  $("error").hidden = true;
  $("error").textContent = "";
  $("status").textContent = "";
}

function say(message) {
  $("status").textContent = message;
}

// Runs an action of the person's; shows what went wrong in the error line, and sends them back
// to log in when the API no longer knows their token.
async function act(action) {
  clearMessages();
  try {
    return await action();
  } catch (error) {
    report(error);
    return undefined;
  }
}

function report(error) {
  if (error instanceof ApiError) {
    if (error.status === 401 && token()) {
      signOut(); // the token expired or was revoked: back to the login form
      showError(error.detail);
    } else {
      showError(error.detail);
    }
  } else {
    showError("something went wrong in this page; reload it and try again");
    console.error(error);
  }
}

// Disables a button (or a form's submit button) while its action runs.
async function busy(button, action) {
  if (button) button.disabled = true;
  try {
    return await act(action);
  } finally {
    if (button) button.disabled = false;
  }
}

function el(tag, props, children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) node.append(child);
  return node;
}

// -- media: fetched with the token, played from object URLs ------------------------------------

const objectUrls = {
  feed: new Set(), library: new Set(), generation: new Set(), review: new Set(), notifications: new Set(),
  characters: new Set(),
};

function releaseMedia(scope) {
  for (const url of objectUrls[scope]) URL.revokeObjectURL(url);
  objectUrls[scope].clear();
}

const lazy = "IntersectionObserver" in window
  ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        lazy.unobserve(entry.target);
        loadMedia(entry.target);
      }
    }
  }, { rootMargin: "300px" })
  : null;

async function loadMedia(video) {
  const note = video.nextElementSibling;
  try {
    const response = await send(video.dataset.src, { headers: authHeaders() });
    if (!response.ok) throw await problemOf(response);
    const url = URL.createObjectURL(await response.blob());
    if (!video.isConnected) {
      URL.revokeObjectURL(url);
      return;
    }
    objectUrls[video.dataset.scope].add(url);
    video.src = url;
    note.hidden = true;
  } catch (error) {
    const gone = error instanceof ApiError && (error.status === 404 || error.status === 410) && video.dataset.gone;
    note.textContent = gone || (error instanceof ApiError ? `Cannot play it: ${error.detail}` : "Cannot play it.");
    note.hidden = false;
    if (error instanceof ApiError && error.status === 401) report(error);
  }
}

// A player for a video's media_url; its bytes are fetched when it comes near the screen. `gone`, if
// given, is what its note says when the media answer 404 or 410 (else the API's words).
function player(mediaUrl, scope, label, gone) {
  const video = el("video", { controls: true, preload: "metadata", playsInline: true });
  video.setAttribute("aria-label", label);
  video.dataset.src = mediaUrl;
  video.dataset.scope = scope;
  if (gone) video.dataset.gone = gone;
  const note = el("p", { className: "hint", textContent: "Loading video…" });
  const box = el("div", { className: "player" }, [video, note]);
  if (lazy) lazy.observe(video);
  else loadMedia(video);
  return box;
}

// Stops playing and lets go of the media of an item about to leave the page.
function dropMedia(item, scope) {
  const video = item.querySelector("video");
  if (video && video.src) {
    URL.revokeObjectURL(video.src);
    objectUrls[scope].delete(video.src);
  }
}

function chips(words, label) {
  const list = el("ul", { className: "chips" }, words.map((w) => el("li", { textContent: w })));
  list.setAttribute("aria-label", label);
  return list;
}

function reasonWords(reason) {
  const words = REASON_WORDS.get(reason) || reason;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function when(at) {
  return new Date(at).toLocaleString();
}

let uniqueIds = 0;

// A labelled control: [label, control], the label pointing at the control by a fresh id.
function labelled(text, tag, props, children) {
  uniqueIds += 1;
  const control = el(tag, { id: `${tag}-${uniqueIds}`, ...props }, children);
  return [el("label", { htmlFor: control.id, textContent: text }), control];
}

function reasonOptions(first) {
  return [...(first ? [el("option", { value: "", textContent: first })] : []),
    ...REPORT_REASONS.map(([value]) => el("option", { value, textContent: reasonWords(value) }))];
}

// -- signing in and out ------------------------------------------------------------------------

function showSignedIn(signedIn) {
  $("auth-view").hidden = signedIn;
  $("tabs").hidden = !signedIn;
  $("account").hidden = !signedIn;
  if (!signedIn) {
    for (const view of document.querySelectorAll(".view")) view.hidden = true;
  }
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(WATCHING_KEY);
  stopPolling();
  stopUnreadPolling();
  feedOpened = false;
  inboxSeq += 1; // an answer still on its way is for the member who left
  reportsSeq += 1;
  notificationsBefore = null;
  for (const scope of Object.keys(objectUrls)) releaseMedia(scope);
  $("feed-list").replaceChildren();
  $("library-list").replaceChildren();
  $("reports-list").replaceChildren();
  $("reports-more").hidden = true;
  $("my-appeals-list").replaceChildren();
  $("notifications-list").replaceChildren();
  $("notifications-empty").hidden = true;
  $("notifications-older").hidden = true;
  clearNotificationSettings();
  renderUnread(0);
  member = null;
  familySeq += 1;
  $("family-links").replaceChildren();
  $("invites-list").replaceChildren();
  charactersSeq += 1;
  $("appearances-list").replaceChildren();
  $("usable-list").replaceChildren();
  $("create-characters").replaceChildren();
  $("create-characters-box").hidden = true;
  $("quiet-settings").open = false;
  $("quiet-summary").textContent = "";
  $("review-list").replaceChildren();
  reviewsSeq += 1;
  $("appeal-cases-list").replaceChildren();
  $("appeal-cases-empty").hidden = true;
  renderOwnCharacter(null);
  $("capture-form").reset();
  $("invites-remaining").textContent = "";
  $("quiet-form").reset();
  $("review-tab").hidden = true;
  $("generation").hidden = true;
  $("whoami").textContent = "";
  showSignedIn(false);
  $("login-handle").focus();
}

async function logIn(handle, password) {
  const issued = await api("POST", "/v1/auth/login", { handle, password });
  sessionStorage.setItem(TOKEN_KEY, issued.token);
  await enter();
}

async function enter() {
  const me = await api("GET", "/v1/me");
  member = me;
  $("whoami").textContent = `@${me.handle}`;
  showSignedIn(true);
  startUnreadPolling();
  await Promise.all([probeReviewer(), refreshUnread(), openView("feed-view"), resumeWatching()]);
}

// After a reload: the generation followed in Create before it, followed again (its steps, its
// video, or its end), quietly forgotten when it is gone.
async function resumeWatching() {
  const id = sessionStorage.getItem(WATCHING_KEY);
  if (!id) return;
  try {
    watch(await api("GET", `/v1/generations/${encodeURIComponent(id)}`));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 401) throw error;
    sessionStorage.removeItem(WATCHING_KEY);
  }
}

// Shows the Review tab to reviewers only: anyone else is refused the queue (403), quietly.
async function probeReviewer() {
  $("review-tab").hidden = true;
  try {
    await api("GET", "/v1/reviews/reports?limit=1");
    $("review-tab").hidden = false;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

function onLogin(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    await logIn(form.elements.handle.value.trim(), form.elements.password.value);
    form.reset();
  });
}

function onSignUp(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    const handle = form.elements.handle.value.trim();
    const password = form.elements.password.value;
    await api("POST", "/v1/auth/signup", {
      invite_code: form.elements.invite_code.value.trim(), handle, password,
      birth_year: Number(form.elements.birth_year.value),
    });
    await logIn(handle, password);
    form.reset();
    say(`Welcome, @${handle}.`);
  });
}

function onLogOut(event) {
  busy(event.currentTarget, async () => {
    try {
      await api("POST", "/v1/auth/logout");
    } finally {
      signOut();
    }
    say("You are logged out.");
  });
}

// -- tabs ----------------------------------------------------------------------------------------

const LOADERS = {
  "feed-view": openFeed, "create-view": loadCreateCharacters, "library-view": loadLibrary,
  "characters-view": loadCharacters,
  "notifications-view": openNotifications, "family-view": openFamily, "review-view": loadReviews,
};

async function openView(id) {
  for (const tab of document.querySelectorAll(".tab")) {
    if (tab.dataset.view === id) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== id;
  await LOADERS[id]();
}

function onTab(event) {
  const id = event.currentTarget.dataset.view;
  act(() => openView(id));
}

// -- feed ----------------------------------------------------------------------------------------

let feedOpened = false;

// The first page, once per sign-in: the feed serves each video once a day, so asking again on
// every visit to the tab would skip what is on screen; More asks for the next page.
async function openFeed() {
  if (feedOpened) return;
  feedOpened = true;
  releaseMedia("feed");
  $("feed-list").replaceChildren();
  $("feed-caught-up").hidden = true;
  try {
    await Promise.all([loadInstruction(), loadFeedPage(), loadQuiet()]);
  } catch (error) {
    feedOpened = false; // try again on the next visit
    throw error;
  }
}

async function loadFeedPage() {
  const page = await api("GET", "/v1/feed?limit=10");
  $("feed-notices").replaceChildren(...page.notices.map((n) => el("li", { textContent: n })));
  renderPoll(page.poll);
  const limit = page.daily_limit == null ? "" : ` (${page.served_today} of ${page.daily_limit} today)`;
  $("feed-applied").textContent = (page.instruction ? `Following: ${page.instruction}` : "") + limit;
  for (const item of page.items) $("feed-list").append(feedItem(item));
  $("feed-caught-up").hidden = !page.caught_up;
}

function feedItem(item) {
  const v = item.video;
  const li = el("li", { className: "card video" }, [
    player(v.media_url, "feed", `Video by @${item.owner}: ${v.caption}`),
    el("p", { className: "owner", textContent: `@${item.owner}` }),
    el("p", { className: "caption", textContent: v.caption }),
    chips(item.reasons, "Why it is here"),
  ]);
  li.append(signalControl(v.video_id, li, item.liked));
  if (item.remixable) li.append(remixControl(v.video_id, item.owner));  // its owner lets it be remixed
  li.append(reportControl(v.video_id, li));
  return li;
}

// "Like" (more like it; pressed again, taken back) and "Show less" (fewer like it, and this one
// leaves the page and the feed for good, with Undo): what the member says, never what they watch.
function signalControl(videoId, li, liked) {
  const put = (signal) => api("PUT", `/v1/feed/signals/${encodeURIComponent(videoId)}`, { signal });
  const like = el("button", { type: "button", className: "secondary", textContent: "Like" });
  like.setAttribute("aria-pressed", String(Boolean(liked)));
  const less = el("button", { type: "button", className: "secondary", textContent: "Show less" });
  like.addEventListener("click", () => busy(like, async () => {
    const liked = like.getAttribute("aria-pressed") !== "true";
    await put(liked ? "like" : "none");
    like.setAttribute("aria-pressed", String(liked));
    say(liked ? "Liked: you will see more like it." : "Taken back.");
  }));
  less.addEventListener("click", () => busy(less, async () => {
    await put("less");
    dropMedia(li, "feed");
    const undo = el("button", { type: "button", className: "secondary", textContent: "Undo" });
    const note = el("p", { className: "hint", textContent: "You will see less like this, and not this video again." });
    undo.addEventListener("click", () => busy(undo, async () => {
      await put("none");
      note.textContent = "Undone: it may come back in your feed.";
      undo.remove();
    }));
    li.replaceChildren(note, undo);
  }));
  return el("div", { className: "row" }, [like, less]);
}

// "Remix": the video changed by a few words, made as any generation and followed in the Create
// view (offered where the feed says its owner lets it be remixed; a change since is the API's 404).
function remixControl(videoId, owner) {
  const [changeLabel, change] = labelled("What to change", "input",
    { name: "prompt", required: true, maxLength: MAX_PROMPT, placeholder: "make it night", autocomplete: "off" });
  const [styleLabel, style] = labelled("Style", "select", { name: "style" }, styleOptions());
  const submit = el("button", { type: "submit", textContent: "Remix" });
  const form = el("form", { className: "remix-form" }, [changeLabel, change, styleLabel, style, submit]);
  const keyed = { key: null };
  form.addEventListener("input", () => { keyed.key = null; });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = { prompt: change.value.trim(), remix_of: videoId };
    if (!body.prompt) {
      clearMessages();
      showError("say what to change in the video first");
      return;
    }
    if (style.value) body.style = style.value;
    busy(submit, async () => {
      const generation = await requestGeneration(body, keyed);
      form.reset();
      form.parentElement.open = false;
      await openView("create-view");
      watch(generation);
      $("generation-heading").focus();
      say(`Remixing @${owner}'s video.`);
    });
  });
  return el("details", { className: "remix" }, [el("summary", { textContent: "Remix" }), form]);
}

// The Create form's styles (index.html lists them), for another form's select.
function styleOptions() {
  return Array.from($("create-style").options, (o) => el("option", { value: o.value, textContent: o.textContent }));
}

// "Report": a reason (and a note, required for "other"); once filed, the video leaves the feed.
function reportControl(videoId, item) {
  const [reasonLabel, reason] = labelled("What is wrong with it", "select", { name: "reason", required: true },
    reasonOptions("Choose a reason"));
  const [noteLabel, note] = labelled("What you saw (optional)", "textarea",
    { name: "note", rows: 2, maxLength: MAX_NOTE });
  const submit = el("button", { type: "submit", className: "danger", textContent: "Send report" });
  const form = el("form", { className: "report-form" }, [
    reasonLabel, reason, noteLabel, note,
    el("p", { className: "hint", textContent: "Neither the reviewer nor its maker learns who reported it." }),
    submit,
  ]);
  reason.addEventListener("change", () => {
    const other = reason.value === "other";
    note.required = other;
    noteLabel.textContent = other ? "What is wrong with it (required)" : "What you saw (optional)";
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      const body = { reason: reason.value };
      if (note.value.trim()) body.note = note.value.trim();
      await api("POST", `/v1/videos/${encodeURIComponent(videoId)}/report`, body);
      dropMedia(item, "feed");
      item.remove();
      say("Reported: thank you. It leaves your feed, and a reviewer will look at it (see My videos).");
    });
  });
  return el("details", { className: "report" }, [el("summary", { textContent: "Report" }), form]);
}

function renderPoll(poll) {
  const box = $("feed-poll");
  if (!poll) {
    box.replaceChildren();
    return;
  }
  const buttons = poll.answers.map((answer) => {
    const button = el("button", { type: "button", textContent: answer });
    button.addEventListener("click", () => busy(button, async () => {
      await api("POST", "/v1/feed/wellbeing", { poll_id: poll.poll_id, answer });
      box.replaceChildren(el("p", { className: "hint", textContent: "Thank you: your feed takes it into account." }));
    }));
    return button;
  });
  const fieldset = el("fieldset", { className: "card poll" }, [
    el("legend", { textContent: poll.question }), el("div", { className: "row" }, buttons),
  ]);
  box.replaceChildren(fieldset);
}

function renderInstruction(view) {
  $("instruction-text").value = view ? view.text : "";
  $("instruction-summary").textContent = view ? view.summary : "You have not told your feed anything yet.";
  const missed = view ? view.understood.not_understood : [];
  $("instruction-not-understood").textContent = missed.length ? `I didn't understand: ${missed.join(", ")}` : "";
  $("instruction-not-understood").hidden = missed.length === 0;
}

async function loadInstruction() {
  try {
    renderInstruction(await api("GET", "/v1/feed/instruction"));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    renderInstruction(null);
  }
}

function onInstruction(event) {
  event.preventDefault();
  const text = $("instruction-text").value.trim();
  if (!text) {
    clearMessages();
    showError("write what you want of your feed first, or press Clear");
    return;
  }
  busy(event.currentTarget.querySelector("button[type=submit]"), async () => {
    renderInstruction(await api("PUT", "/v1/feed/instruction", { text }));
    say("Saved: your next page follows it.");
  });
}

function onInstructionClear(event) {
  busy(event.currentTarget, async () => {
    await api("DELETE", "/v1/feed/instruction");
    renderInstruction(null);
    say("Cleared: your feed goes back to whom you follow and what is new.");
  });
}

// -- create --------------------------------------------------------------------------------------

const createKey = { key: null }; // the Create form's Idempotency-Key (requestGeneration)
let pollTimer = null;
let watching = null;

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // randomUUID needs a secure context (https)
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function onCreate(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    const body = { prompt: form.elements.prompt.value.trim() };
    if (form.elements.style.value) body.style = form.elements.style.value;
    const shots = Number(form.elements.shots.value);
    if (shots > 1) body.shots = shots;
    const cast = [...$("create-characters").querySelectorAll('input[name="character"]:checked')].map((b) => b.value);
    if (cast.length) body.characters = cast;
    watch(await requestGeneration(body, createKey));
  });
}

// POST /v1/generations with an Idempotency-Key kept in `keyed.key` only for a retry after a
// network failure (status 0), so one request makes one video; any answer ends it.
async function requestGeneration(body, keyed) {
  keyed.key = keyed.key || uuid();
  let generation;
  try {
    generation = await api("POST", "/v1/generations", body, { "Idempotency-Key": keyed.key });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 0)) keyed.key = null;
    throw error;
  }
  keyed.key = null;
  return generation;
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = null;
  watching = null;
}

function watch(generation) {
  stopPolling();
  releaseMedia("generation");
  $("generation-video").replaceChildren();
  $("appeal-note").value = "";
  watching = generation.generation_id;
  sessionStorage.setItem(WATCHING_KEY, watching);
  renderGeneration(generation);
  $("generation").hidden = false;
  schedule(generation);
}

function schedule(generation) {
  if (FINISHED.has(generation.status) || watching !== generation.generation_id) return;
  pollTimer = setTimeout(() => poll(generation.generation_id), POLL_MS);
}

async function poll(id) {
  try {
    const generation = await api("GET", `/v1/generations/${encodeURIComponent(id)}`);
    if (watching !== id) return;
    renderGeneration(generation);
    schedule(generation);
  } catch (error) {
    if (watching !== id) return;
    if (error instanceof ApiError && error.status === 0) {
      pollTimer = setTimeout(() => poll(id), POLL_MS * 2); // offline for a moment: keep asking
      return;
    }
    report(error);
  }
}

function renderGeneration(g) {
  $("generation-status").textContent = g.status;
  $("generation-steps").replaceChildren(...g.steps.map((step) => el("li", {
    textContent: `${step.event} · ${new Date(step.at).toLocaleTimeString()}`,
  })));
  $("generation-detail").textContent = g.detail || "";
  $("generation-detail").hidden = !g.detail;
  $("generation-cancel").hidden = FINISHED.has(g.status);
  $("generation-cancel").dataset.id = g.generation_id;
  if (g.status === "published" && g.video_id && !$("generation-video").hasChildNodes()) {
    $("generation-video").append(player(`/v1/videos/${encodeURIComponent(g.video_id)}/media`, "generation",
      `Your video: ${g.caption || g.prompt}`));
  }
  renderAppeal(g);
}

function renderAppeal(g) {
  const appeal = g.appeal || null; // set for a blocked (or appealed) generation only
  $("appeal-form").hidden = !(appeal && appeal.appealable);
  $("appeal-form").dataset.id = g.generation_id;
  let standing = "";
  if (appeal && appeal.appeal_id) standing = `Appeal ${appeal.status || "filed"}.`;
  else if (appeal && !appeal.appealable && appeal.reason) standing = `It cannot be appealed: ${appeal.reason}`;
  $("appeal-standing").textContent = standing;
  $("appeal-standing").hidden = !standing;
}

function onCancel(event) {
  const id = event.currentTarget.dataset.id;
  busy(event.currentTarget, async () => {
    const generation = await api("POST", `/v1/generations/${encodeURIComponent(id)}/cancel`);
    if (watching === id) renderGeneration(generation);
    say("Cancelled: your quota for it comes back.");
  });
}

function onAppeal(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const id = form.dataset.id;
  busy(form.querySelector("button[type=submit]"), async () => {
    const note = $("appeal-note").value.trim();
    const appeal = await api("POST", `/v1/generations/${encodeURIComponent(id)}/appeal`, note ? { note } : {});
    form.hidden = true;
    $("appeal-standing").textContent = `Appeal ${appeal.status}: a person will look at it again.`;
    $("appeal-standing").hidden = false;
    say("Appeal sent.");
  });
}

// -- my videos -----------------------------------------------------------------------------------

async function loadLibrary() {
  releaseMedia("library");
  const [{ videos }] = await Promise.all([api("GET", "/v1/me/videos"), loadReports(), loadMyAppeals()]);
  $("library-list").replaceChildren(...videos.map(libraryItem));
  $("library-empty").hidden = videos.length > 0;
}

let reportsSeq = 0; // bumped by each first page (and sign-out): an older page asked before it is dropped

async function loadReports() {
  reportsSeq += 1;
  const seq = reportsSeq;
  const { reports } = await api("GET", `/v1/reports?limit=${REPORTS_PAGE}`);
  if (seq !== reportsSeq) return;
  $("reports-list").replaceChildren(...reports.map(reportItem));
  $("reports-empty").hidden = reports.length > 0;
  $("reports-more").hidden = reports.length < REPORTS_PAGE;
}

// "Older reports": the next page after those on screen, appended; the button hides after a short page.
async function loadOlderReports() {
  const seq = reportsSeq;
  const offset = $("reports-list").children.length;
  const { reports } = await api("GET", `/v1/reports?limit=${REPORTS_PAGE}&offset=${offset}`);
  if (seq !== reportsSeq) return;
  $("reports-list").append(...reports.map(reportItem));
  $("reports-more").hidden = reports.length < REPORTS_PAGE;
  say(reports.length ? `${reports.length} older reports.` : "No older reports.");
}

const APPEAL_STATUS = {
  open: "Waiting for a person to look at it",
  overturned: "Overturned: the block was wrong, and your video is made",
  upheld: "Upheld: it stays blocked",
};

// The member's appeals of blocked prompts, newest first, each with its answer once decided.
async function loadMyAppeals() {
  const { appeals } = await api("GET", "/v1/appeals?limit=50");
  $("my-appeals-list").replaceChildren(...appeals.map((a) => el("li", { className: "card" }, [
    el("p", { className: "owner", textContent: APPEAL_STATUS[a.status] || a.status }),
    el("p", { className: "caption", textContent: `Blocked: ${a.message}` }),
    ...(a.note ? [el("p", { textContent: `Your note: ${a.note}` })] : []),
    ...(a.answer ? [el("p", { textContent: `The reviewer's answer: ${a.answer}` })] : []),
    el("p", { className: "hint", textContent: `Appealed ${when(a.filed_at)}`
      + (a.decided_at ? ` · decided ${when(a.decided_at)}` : "") }),
  ])));
  $("my-appeals-empty").hidden = appeals.length > 0;
}

function reportItem(r) {
  const dates = `Reported ${when(r.filed_at)}` + (r.decided_at ? ` · closed ${when(r.decided_at)}` : "");
  return el("li", { className: "card" }, [
    el("p", { className: "owner", textContent: reasonWords(r.reason) }),
    ...(r.note ? [el("p", { className: "caption", textContent: `Your note: ${r.note}` })] : []),
    el("p", { textContent: REPORT_STATUS[r.status] || r.status }),
    el("p", { className: "hint", textContent: dates }),
  ]);
}

function libraryItem(v) {
  const id = encodeURIComponent(v.video_id);
  const selectId = `audience-${v.video_id}`;
  const audience = el("select", { id: selectId },
    AUDIENCES.map(([value, text]) => el("option", { value, textContent: text })));
  const label = el("label", { htmlFor: selectId, textContent: "Audience" });
  const [remixableLabel, remixable] = labelled("Let others remix it", "input",
    { type: "checkbox", name: "remixable", checked: true });
  const post = el("button", { type: "button", textContent: "Post" });
  const takeDown = el("button", { type: "button", className: "secondary", textContent: "Take down" });
  const remove = el("button", { type: "button", className: "danger", textContent: "Delete" });
  const removal = el("div", { className: "removal", hidden: true });
  removal.setAttribute("aria-live", "polite");
  const standing = el("p", { className: "hint posted", hidden: true }); // as posted from this page
  standing.setAttribute("aria-live", "polite");
  const item = el("li", { className: "card video" }, [
    player(v.media_url, "library", `Your video: ${v.caption}`),
    el("p", { className: "caption", textContent: v.caption }),
    el("p", { className: "hint", textContent: `${new Date(v.published_at).toLocaleString()} · ${v.model}` }),
    removal,
    standing,
    el("div", { className: "row" }, [label, audience, el("span", { className: "check" }, [remixable, remixableLabel]),
      post, takeDown, remove]),
  ]);
  loadRemoval(v.video_id, removal);
  post.addEventListener("click", () => busy(post, async () => {
    const posted = await api("POST", `/v1/videos/${id}/post`,
      { audience: audience.value, remixable: remixable.checked });
    standing.textContent = `Posted to ${posted.audience} · `
      + (posted.remixable ? "others may remix it" : "others may not remix it");
    standing.hidden = false;
    say(`Posted to ${posted.audience}.`
      + (posted.teen ? " A video by or showing a teen reaches mutuals only, and is not remixed by others." : ""));
  }));
  takeDown.addEventListener("click", () => busy(takeDown, async () => {
    await api("DELETE", `/v1/videos/${id}/post`);
    standing.textContent = "";
    standing.hidden = true;
    say("Taken down from the feed.");
  }));
  remove.addEventListener("click", () => {
    if (!window.confirm("Delete this video for good?")) return;
    busy(remove, async () => {
      await api("DELETE", `/v1/videos/${id}`);
      dropMedia(item, "library");
      item.remove();
      $("library-empty").hidden = $("library-list").children.length > 0;
      say("Deleted.");
    });
  });
  return item;
}

// Whether a reviewer removed the video from the feed (404, the usual case: nothing to show), and
// where its owner's appeal stands. Run for each video without waiting: it says any other failure in
// the video's box, and a 401 in the error line.
async function loadRemoval(videoId, box) {
  try {
    renderRemoval(videoId, box, await api("GET", `/v1/videos/${encodeURIComponent(videoId)}/removal`));
  } catch (error) {
    box.replaceChildren();
    box.hidden = true;
    if (!(error instanceof ApiError)) {
      console.error(error);
    } else if (error.status === 401) {
      report(error);
    } else if (error.status !== 404) {
      const words = `Cannot tell whether a reviewer removed it: ${error.detail}`;
      box.append(el("p", { className: "hint", textContent: words }));
      box.hidden = false;
    }
  }
}

function renderRemoval(videoId, box, r) {
  const removed = r.in_force
    ? `Removed from the feed by a reviewer on ${when(r.removed_at)}: ${r.reason}`
    : `Removed by a reviewer on ${when(r.removed_at)} (${r.reason}), then restored on your appeal: you may post it again`;
  const lines = [
    el("p", { className: "warning", textContent: removed }),
    ...(r.note ? [el("p", { className: "caption", textContent: `The reviewer's note: ${r.note}` })] : []),
    ...(r.appeal_note ? [el("p", { className: "caption", textContent: `Your appeal: ${r.appeal_note}` })] : []),
  ];
  let standing = "";
  if (r.appeal === "pending") standing = "Appeal waiting for a second reviewer.";
  else if (r.appeal === "upheld") standing = `Appeal upheld${r.answer ? `: ${r.answer}` : "."}`;
  else if (r.appeal === "restored") standing = r.answer ? `The second reviewer: ${r.answer}` : "";
  else if (!r.appealable && r.why_not) standing = `It cannot be appealed: ${r.why_not}`;
  if (r.appealable) lines.push(removalAppealForm(videoId, box));
  else if (standing) lines.push(el("p", { className: "hint", textContent: standing }));
  box.replaceChildren(...lines);
  box.hidden = false;
}

// "Appeal" a reviewer's removal, once: another reviewer looks at it again.
function removalAppealForm(videoId, box) {
  const [noteLabel, note] = labelled("Why the removal was wrong, for another reviewer (optional)", "textarea",
    { name: "note", rows: 2, maxLength: MAX_NOTE });
  const submit = el("button", { type: "submit", textContent: "Appeal" });
  const form = el("form", { className: "removal-appeal" }, [noteLabel, note, submit]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      const body = note.value.trim() ? { note: note.value.trim() } : {};
      const removal = await api("POST", `/v1/videos/${encodeURIComponent(videoId)}/removal/appeal`, body);
      renderRemoval(videoId, box, removal);
      say("Appeal sent: a second reviewer will look at it.");
    });
  });
  return form;
}

// -- notifications -------------------------------------------------------------------------------

let unreadTimer = null;
let notificationsBefore = null; // the page's next_before: the id to ask "Older" before
let inboxSeq = 0; // bumped by each first page (and sign-out): an answer asked for before it is dropped

// The tab says how many are unread: "Notifications (3)", named "Notifications, 3 unread".
function renderUnread(count) {
  const tab = $("notifications-tab");
  tab.textContent = count > 0 ? `Notifications (${count})` : "Notifications";
  if (count > 0) tab.setAttribute("aria-label", `Notifications, ${count} unread`);
  else tab.removeAttribute("aria-label");
}

// Asks how many are unread, quietly: offline or a failing server shows nothing (the next tick asks
// again); a 401 (the token expired or was revoked) sends them back to log in, as anywhere else.
async function refreshUnread() {
  const seq = inboxSeq;
  try {
    const { unread } = await api("GET", "/v1/notifications/unread");
    if (seq === inboxSeq) renderUnread(unread);
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(error);
    else if (error.status === 401 && seq === inboxSeq) report(error);
  }
}

function startUnreadPolling() {
  stopUnreadPolling();
  unreadTimer = setInterval(refreshUnread, UNREAD_MS);
  streamUnread();
}

function stopUnreadPolling() {
  clearInterval(unreadTimer);
  unreadTimer = null;
  if (unreadStream) unreadStream.abort();
  unreadStream = null;
}

// -- the unread count, pushed ------------------------------------------------------------------
// GET /v1/notifications/stream sends the count as server-sent events whenever it changes; it is
// read with fetch (EventSource cannot send the Authorization header). The minute's poll stays as
// the fallback; a stream that ends or fails is opened again after the server's `retry`.

let unreadStream = null; // the AbortController of the open stream

// The complete events at the start of `buffer` (blank-line separated), each as { event, data,
// retry }, and what is left of it (an event still arriving). Comment lines (": ...") are skipped.
// Lines end in "\r\n", "\n" or "\r"; a chunk may end between the "\r" and the "\n".
function sseMessages(buffer) {
  const messages = [];
  // a "\r" at the very end may be the first half of a "\r\n" still arriving: kept as it is
  const held = buffer.endsWith("\r") ? "\r" : "";
  const blocks = buffer.slice(0, buffer.length - held.length).replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() + held;
  for (const block of blocks) {
    const message = { event: "message", data: "", retry: null };
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") message.event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) message.retry = Number(value);
    }
    message.data = data.join("\n");
    if (data.length || message.retry !== null) messages.push(message);
  }
  return { messages, rest };
}

// Keeps the stream open until stopUnreadPolling (sign-out) aborts it; a 401 sends the member back
// to log in, as anywhere else; a 403 with Retry-After (a teen's quiet hours) waits until then;
// any other failure waits, and tries again.
async function streamUnread() {
  const controller = new AbortController();
  unreadStream = controller;
  const live = () => unreadStream === controller && !controller.signal.aborted;
  let wait = 3000;
  while (live()) {
    try {
      const response = await fetch("/v1/notifications/stream", {
        headers: { Accept: "text/event-stream", ...authHeaders() }, cache: "no-store", signal: controller.signal,
      });
      if (response.status === 401) {
        const problem = await problemOf(response);
        if (live()) report(problem);
        return;
      }
      const quiet = response.status === 403 ? Number(response.headers.get("Retry-After")) : NaN;
      if (quiet > 0) { // quiet hours: opened again as they end (the minute's poll goes on meanwhile)
        await new Promise((resolve) => setTimeout(resolve, Math.min(quiet, 86400) * 1000));
        continue;
      }
      if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { messages, rest } = sseMessages(buffer + value);
        buffer = rest;
        for (const message of messages) {
          if (message.retry !== null) wait = message.retry;
          if (message.event === "unread" && live()) renderUnread(JSON.parse(message.data).unread);
        }
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      wait = Math.max(wait, UNREAD_MS / 2); // down or refusing: the poll keeps the count meanwhile
      console.warn("the unread stream failed; trying again", error);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

// On each visit to the tab: the first page, and the member's settings (what to tell them) asked
// for alongside. Reading marks nothing read: only "Mark all read" does.
async function openNotifications() {
  const loading = loadNotifications(); // takes the next inboxSeq at once
  const seq = inboxSeq;
  const [shown, settings] = await Promise.all([loading, api("GET", "/v1/notifications/settings")]);
  if (shown && seq === inboxSeq) renderNotificationSettings(settings);
}

// The first page, newest first, in place of the list. Answers true once shown (false: the answer
// was for a member who left, or a newer load came since, and is dropped).
async function loadNotifications() {
  inboxSeq += 1;
  const seq = inboxSeq;
  const page = await api("GET", `/v1/notifications?limit=${NOTIFICATIONS_PAGE}`);
  if (seq !== inboxSeq) return false;
  releaseMedia("notifications");
  $("notifications-list").replaceChildren(...page.notifications.map(notificationItem));
  showNotificationsPage(page);
  return true;
}

// "Older": the page before the last one shown, appended.
async function loadOlderNotifications() {
  if (notificationsBefore == null) return;
  const seq = inboxSeq;
  const page = await api("GET",
    `/v1/notifications?before=${encodeURIComponent(notificationsBefore)}&limit=${NOTIFICATIONS_PAGE}`);
  if (seq !== inboxSeq) return;
  $("notifications-list").append(...page.notifications.map(notificationItem));
  showNotificationsPage(page);
  say(page.notifications.length ? `${page.notifications.length} older notifications.` : "No older notifications.");
}

function showNotificationsPage(page) {
  notificationsBefore = page.next_before;
  $("notifications-older").hidden = page.next_before == null;
  $("notifications-empty").hidden = $("notifications-list").children.length > 0;
  renderUnread(page.unread);
}

function notificationItem(n) {
  uniqueIds += 1;
  const text = el("p", { id: `notification-${uniqueIds}`, className: "caption", textContent: n.text });
  const item = el("li", { className: n.unread ? "card notification unread" : "card notification" }, [
    ...(n.unread ? [el("span", { className: "unread-mark", textContent: "Unread" })] : []),
    text,
    el("p", { className: "hint" }, [el("time", { dateTime: n.at, textContent: when(n.at) })]),
    ...notificationActions(n, text.id),
  ]);
  item.dataset.id = String(n.id);
  return item;
}

// What a member may do from a notification (its buttons described by its words, textId): watch the
// video it tells of; see their own video a reviewer removed in My videos; open a blocked prompt in
// Create, where it is appealed as any other. Any other kind offers nothing.
function notificationActions(n, textId) {
  if (WATCHABLE.has(n.kind) && n.video_id) return watchControl(n, textId);
  if (OWN_VIDEO.has(n.kind)) {
    const see = el("button", { type: "button", className: "secondary", textContent: "See in My videos" });
    see.setAttribute("aria-describedby", textId);
    see.addEventListener("click", () => busy(see, async () => {
      await openView("library-view");
      $("library-heading").focus();
    }));
    return [el("div", { className: "row" }, [see])];
  }
  if (n.kind === "not_made" && n.generation_id && n.detail.startsWith("blocked:")) return appealHint(n);
  return [];
}

// "Watch": the video inline in the card, fetched when asked through player/loadMedia (the
// "notifications" scope); one deleted since, or no longer posted to them (404/410), says so in the card.
function watchControl(n, textId) {
  const slot = el("div", { className: "notification-media" });
  slot.setAttribute("aria-live", "polite");
  const button = el("button", { type: "button", className: "secondary", textContent: "Watch" });
  button.setAttribute("aria-describedby", textId);
  button.addEventListener("click", () => {
    if (slot.hasChildNodes()) {
      dropMedia(slot, "notifications");
      slot.replaceChildren();
      button.textContent = "Watch";
      return;
    }
    slot.append(player(`/v1/videos/${encodeURIComponent(n.video_id)}/media`, "notifications",
      `Video: ${n.text}`, VIDEO_GONE));
    button.textContent = "Hide video";
  });
  return [el("div", { className: "row" }, [button]), slot];
}

// A blocked prompt may be appealed: the hint, and a button that follows the generation in Create
// (its appeal form, as for one just made there).
function appealHint(n) {
  uniqueIds += 1;
  const hint = el("p", { id: `appeal-hint-${uniqueIds}`, className: "hint",
    textContent: "You may appeal it in Create: a person looks at your prompt again." });
  const open = el("button", { type: "button", className: "secondary", textContent: "Appeal in Create" });
  open.setAttribute("aria-describedby", hint.id);
  open.addEventListener("click", () => busy(open, async () => {
    const generation = await api("GET", `/v1/generations/${encodeURIComponent(n.generation_id)}`);
    await openView("create-view");
    watch(generation);
    $("generation-heading").focus();
  }));
  return [hint, el("div", { className: "row" }, [open])];
}

// "Mark all read": up to the newest on screen, so that one arriving meanwhile stays unread (all
// of them when the list is not loaded).
function onMarkAllRead(event) {
  busy(event.currentTarget, async () => {
    const seq = inboxSeq;
    const newest = $("notifications-list").firstElementChild;
    const { unread } = await api("POST", "/v1/notifications/seen",
      newest ? { up_to: Number(newest.dataset.id) } : {});
    if (seq !== inboxSeq) return;
    for (const item of $("notifications-list").querySelectorAll(".notification.unread")) {
      item.classList.remove("unread");
      item.querySelector(".unread-mark").remove();
    }
    renderUnread(unread);
    say("All your notifications are marked read.");
  });
}

// "What to tell you": a checkbox per kind the member may mute, checked when they are told of it
// (not muted). The form shows once the settings are loaded, so Save never sends a set it never read.
function renderNotificationSettings(settings) {
  const muted = new Set(settings.muted);
  $("notifications-kinds").replaceChildren(...settings.mutable.map((kind) => {
    const [label, box] = labelled(KIND_WORDS.get(kind) || kind, "input",
      { type: "checkbox", name: "told", value: kind, checked: !muted.has(kind) });
    return el("li", { className: "check" }, [box, label]);
  }));
  $("notifications-settings").hidden = false;
}

function clearNotificationSettings() {
  $("notifications-kinds").replaceChildren();
  $("notifications-settings").open = false;
  $("notifications-settings").hidden = true;
}

// Save: the kinds left unchecked are muted (the whole set each time: none unchecked unmutes all);
// the PUT answers the settings, and the list alone is asked for again, so muted ones leave it
// and the count follows.
function onNotificationSettings(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    const boxes = [...$("notifications-kinds").querySelectorAll('input[name="told"]')];
    if (boxes.length === 0) return;
    const seq = inboxSeq;
    const muted = boxes.filter((box) => !box.checked).map((box) => box.value);
    const settings = await api("PUT", "/v1/notifications/settings", { muted });
    if (seq !== inboxSeq) return;
    renderNotificationSettings(settings);
    if (await loadNotifications()) say("Saved.");
  });
}

// -- characters: one's likeness, who may use it, where it appears ---------------------------------
// A character is made from an upload (POST /v1/characters, multipart: `capture`, `audience`, one
// `approved` per handle), captured again (PUT /v1/characters/me/capture, the audience stays),
// shared with an audience, and removed for good. Every published video that shows it is listed,
// and its owner may take any of them down, whoever made it.

const CHARACTER_AUDIENCES = [
  ["only_me", "Only me"],
  ["mutuals", "Mutuals (people you follow who follow you back)"],
  ["approved", "People I name"],
  ["everyone", "Everyone"],
];
const AUDIENCE_WORDS = new Map(CHARACTER_AUDIENCES);
const MAX_CAST = 4; // characters in one generation (GenerationRequest.characters)

// The audiences one may choose: a teen's character is never open to everyone.
function audienceOptions() {
  return CHARACTER_AUDIENCES.filter(([value]) => !(value === "everyone" && member && member.is_teen))
    .map(([value, text]) => el("option", { value, textContent: text }));
}

// The handles of a textarea, one per line (or separated by commas or spaces), without "@".
function handlesOf(text) {
  return text.split(/[\s,]+/).map((h) => h.replace(/^@/, "")).filter(Boolean);
}

let charactersSeq = 0;

async function loadCharacters() {
  charactersSeq += 1;
  const seq = charactersSeq;
  releaseMedia("characters");
  const [{ own, usable }, { videos }] = await Promise.all([
    api("GET", "/v1/characters?limit=500"), api("GET", "/v1/characters/me/videos?limit=200"),
  ]);
  if (seq !== charactersSeq) return;
  renderOwnCharacter(own);
  $("appearances-list").replaceChildren(...videos.map(appearanceItem));
  $("appearances-empty").hidden = videos.length > 0;
  const others = usable.filter((c) => !c.own);
  $("usable-list").replaceChildren(...others.map((c) => el("li", { textContent: `${c.name} (@${c.owner})` })));
  $("usable-empty").hidden = others.length > 0;
}

function renderOwnCharacter(own) {
  for (const select of [$("capture-audience"), $("audience-select")]) select.replaceChildren(...audienceOptions());
  $("character-facts").hidden = !own;
  $("audience-form").hidden = !own;
  $("character-remove").hidden = !own;
  $("capture-audience-box").hidden = Boolean(own);
  $("capture-submit").textContent = own ? "Capture again" : "Make my character";
  if (!own) return;
  $("character-facts").replaceChildren(...[
    `Name: ${own.name} (what a generation's characters name it by)`,
    `Colour: ${own.colour} · voice pitch ${own.voice_pitch}, speed ${own.voice_speed}`,
    `Who may use it: ${AUDIENCE_WORDS.get(own.audience) || own.audience}`
      + (own.approved.length ? `: ${own.approved.map((h) => `@${h}`).join(", ")}` : ""),
    `Made ${when(own.created_at)} · captured ${when(own.captured_at)}`,
  ].map((words) => el("li", { textContent: words })));
  $("audience-select").value = own.audience;
  $("audience-approved").value = own.approved.join("\n");
}

function appearanceItem(v) {
  const takeDown = el("button", { type: "button", className: "danger", textContent: "Take down" });
  const item = el("li", { className: "card video" }, [
    player(v.media_url, "characters", `A video that shows you: ${v.caption}`),
    el("p", { className: "caption", textContent: v.caption }),
    el("p", { className: "hint", textContent: `Published ${when(v.published_at)}` }),
    el("div", { className: "row" }, [takeDown]),
  ]);
  takeDown.addEventListener("click", () => {
    if (!window.confirm("Take this video down? It is deleted for everyone, whoever made it.")) return;
    busy(takeDown, async () => {
      await api("DELETE", `/v1/characters/me/videos/${encodeURIComponent(v.video_id)}`);
      dropMedia(item, "characters");
      item.remove();
      $("appearances-empty").hidden = $("appearances-list").children.length > 0;
      say("Taken down: it is deleted, and its owner sees it as deleted.");
    });
  });
  return item;
}

// Make one's character, or capture it again (the audience stays) when one exists.
function onCapture(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    const file = form.elements.capture.files[0];
    if (!file) throw new ApiError(400, "No video", "choose a video of you speaking first");
    const again = $("capture-audience-box").hidden; // one's character exists: a new capture of it
    const upload = new FormData();
    upload.append("capture", file);
    if (!again) {
      upload.append("audience", form.elements.audience.value);
      if (form.elements.audience.value === "approved") {
        for (const handle of handlesOf(form.elements.approved.value)) upload.append("approved", handle);
      }
    }
    say("Uploading and checking your capture…");
    const own = again ? await api("PUT", "/v1/characters/me/capture", upload)
      : await api("POST", "/v1/characters", upload);
    form.reset(); // the file sent (not when the view loads: a file just chosen would be lost)
    renderOwnCharacter(own);
    say(again ? "Captured again: new videos use your new look and voice." : `Your character ${own.name} is ready.`);
  });
}

function onAudience(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    const audience = form.elements.audience.value;
    const body = { audience, approved: audience === "approved" ? handlesOf(form.elements.approved.value) : [] };
    renderOwnCharacter(await api("PUT", "/v1/characters/me/audience", body));
    say("Saved: a narrower audience holds at once, for videos already asked for too.");
  });
}

function onRemoveCharacter(event) {
  if (!window.confirm("Remove your character? Its look and voice are erased for good.")) return;
  busy(event.currentTarget, async () => {
    await api("DELETE", "/v1/characters/me");
    renderOwnCharacter(null);
    say("Your character is removed: its look and voice are erased.");
  });
}

// Create: a checkbox per character one may use now (one's own first), at most MAX_CAST checked.
async function loadCreateCharacters() {
  const { usable } = await api("GET", "/v1/characters?limit=500");
  const checked = new Set([...$("create-characters").querySelectorAll("input:checked")].map((b) => b.value));
  const sorted = [...usable].sort((a, b) => Number(b.own) - Number(a.own));
  $("create-characters").replaceChildren(...sorted.map((c) => {
    const [label, box] = labelled(c.own ? `${c.name} (you)` : `${c.name} (@${c.owner})`, "input",
      { type: "checkbox", name: "character", value: c.name, checked: checked.has(c.name) });
    return el("li", { className: "check" }, [box, label]);
  }));
  $("create-characters-box").hidden = usable.length === 0;
}

function onCastChange(event) {
  const boxes = [...$("create-characters").querySelectorAll('input[name="character"]')];
  if (boxes.filter((b) => b.checked).length > MAX_CAST) {
    event.target.checked = false;
    say(`At most ${MAX_CAST} characters in one video.`);
  }
}

// -- invites --------------------------------------------------------------------------------------

const INVITE_STATUS = { unused: "not used yet", used: "used", expired: "expired" };

async function loadInvites() {
  const { invites, remaining } = await api("GET", "/v1/invites");
  $("invites-list").replaceChildren(...invites.map((i) => el("li", {
    textContent: `${i.code} · ${INVITE_STATUS[i.status] || i.status}`
      + (i.status === "unused" ? ` · until ${when(i.expires_at)}` : ""),
  })));
  $("invites-remaining").textContent = remaining > 0 ? `You may make ${remaining} more.` : "You have no more to make.";
  $("invites-new").hidden = remaining <= 0;
}

function onNewInvite(event) {
  busy(event.currentTarget, async () => {
    const invite = await api("POST", "/v1/invites");
    await loadInvites();
    say(`New code: ${invite.code}.`);
  });
}

async function openFamily() {
  await Promise.all([loadFamily(), loadInvites()]);
}

// -- quiet hours of one's own --------------------------------------------------------------------
// Within them the member's feed rests and no notification is pushed to them (a teen's guardian may
// set quiet hours too: both are said, and either holds).

function renderQuiet(status) {
  const own = status.own;
  $("quiet-start").value = own ? own.start : "22:00";
  $("quiet-end").value = own ? own.end : "07:00";
  $("quiet-timezone").value = own ? own.timezone : localZone();
  $("quiet-clear").hidden = !own;
  const words = (q) => `${q.start} to ${q.end} (${q.timezone})`;
  const parts = [own ? `Yours: ${words(own)}.` : "You have none."];
  if (status.guardian) parts.push(`Your guardian's: ${words(status.guardian)}.`);
  if (status.resting_until) parts.push(`In force now, until ${when(status.resting_until)}.`);
  $("quiet-summary").textContent = parts.join(" ");
}

async function loadQuiet() {
  renderQuiet(await api("GET", "/v1/me/quiet-hours"));
}

function onQuiet(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    renderQuiet(await api("PUT", "/v1/me/quiet-hours", {
      start: $("quiet-start").value, end: $("quiet-end").value, timezone: $("quiet-timezone").value.trim(),
    }));
    say("Saved: your quiet hours hold every day.");
  });
}

function onQuietClear(event) {
  busy(event.currentTarget, async () => {
    await api("DELETE", "/v1/me/quiet-hours");
    await loadQuiet();
    say("Your quiet hours are removed.");
  });
}

// -- family: guardians and their teens' parental controls ---------------------------------------
// An adult gets a code (POST /v1/guardians/links) and gives it to their teen, who enters it in
// their own Family tab (POST /v1/guardians/confirm). The guardian then sets the teen's controls
// (the whole set each time: the PUT answers them as recorded) or ends the guardianship; the teen
// sees the controls set for them, in words.

let member = null; // who is signed in, as GET /v1/me answers (is_teen chooses what Family offers)
let familySeq = 0; // bumped by each load (and sign-out): an older answer is dropped

const LINK_STATUS = {
  pending: "Waiting for your teen to enter the code",
  active: "Linked",
  expired: "The code expired before your teen entered it",
};

async function loadFamily() {
  familySeq += 1;
  const seq = familySeq;
  const { links } = await api("GET", "/v1/guardians");
  if (seq !== familySeq) return;
  const teen = Boolean(member && member.is_teen);
  const guarded = links.some((link) => link.role === "teen" && link.status === "active");
  $("family-intro").textContent = teen
    ? (guarded ? "Your guardian sets these controls for you." : "A guardian (a parent, or an adult who looks after "
      + "you) can link to your account and set your controls: enter the code they give you.")
    : "Link your teen's account to set their controls: how much they create and watch, quiet hours, "
      + "and whether their character may be shared.";
  $("family-links").replaceChildren(...links.map(familyItem));
  $("family-empty").hidden = links.length > 0;
  $("family-start").hidden = teen;
  $("family-confirm-form").hidden = !teen || guarded;
}

function familyItem(link) {
  if (link.role === "teen") {
    return el("li", { className: "card link" }, [
      el("h3", { textContent: `Your guardian: @${link.guardian}` }),
      controlsList(link.controls, "Your controls"),
    ]);
  }
  const item = el("li", { className: "card link" }, [
    el("h3", { textContent: link.teen ? `@${link.teen}` : `Code ${link.code}` }),
    el("p", { className: "hint", textContent: LINK_STATUS[link.status] || link.status }),
  ]);
  if (link.status === "pending") {
    item.append(el("p", { className: "code", textContent: `Code for your teen: ${link.code}` }),
      el("p", { className: "hint", textContent: `Valid until ${when(link.expires_at)}.` }));
  } else if (link.status === "expired") {
    item.append(el("p", { className: "hint", textContent: `Expired ${when(link.expires_at)}: get a new code below.` }));
  } else {
    item.append(controlsForm(link));
  }
  return item;
}

// The controls in words (a teen's view of what their guardian set).
function controlsList(c, label) {
  if (!c) return el("p", { className: "hint", textContent: "No controls set yet: the teen defaults apply." });
  const quiet = c.quiet_hours;
  const list = el("ul", { className: "controls" }, [
    `Generations a day: ${c.daily_generation_limit ?? "the teen default"}`,
    `Videos in the feed a day: ${c.feed_daily_items ?? "the teen default"}`,
    c.personalised_feed ? "Feed: personalised" : "Feed: not personalised",
    `A login lasts: ${c.session_minutes_cap == null ? "as long as anyone's" : `${c.session_minutes_cap} minutes`}`,
    c.purchases_allowed ? "Buying credits: allowed" : "Buying credits: not allowed",
    c.characters_allowed ? "Character: shared as the teen rules allow (mutuals only)"
      : "Character: yours alone (no one else's in your videos either)",
    quiet ? `Quiet hours: ${quiet.start} to ${quiet.end} (${quiet.timezone}): the feed rests, `
      + "no new videos, no notifications" : "Quiet hours: none",
  ].map((words) => el("li", { textContent: words })));
  list.setAttribute("aria-label", label);
  return list;
}

// A number field's value for the API: null when empty.
function countOrNull(input) {
  return input.value.trim() === "" ? null : Number(input.value);
}

// The form a guardian sets a linked teen's controls with; every field is sent, as shown.
function controlsForm(link) {
  const c = link.controls || {
    daily_generation_limit: null, personalised_feed: true, session_minutes_cap: null, purchases_allowed: false,
    characters_allowed: true, feed_daily_items: null, quiet_hours: null,
  };
  const number = (text, value, props) => labelled(text, "input",
    { type: "number", inputMode: "numeric", step: 1, value: value ?? "", ...props });
  const check = (text, checked) => {
    const [label, box] = labelled(text, "input", { type: "checkbox", checked });
    return [box, el("div", { className: "check" }, [box, label])];
  };
  const [generationsLabel, generations] = number("Generations a day (empty: the teen default)",
    c.daily_generation_limit, { min: 0 });
  const [itemsLabel, items] = number("Videos in the feed a day (empty: the teen default)", c.feed_daily_items,
    { min: 0 });
  const [minutesLabel, minutes] = number("Minutes a login lasts, 5 to 1440 (empty: no cap)", c.session_minutes_cap,
    { min: 5, max: 1440 });
  const [personalised, personalisedRow] = check("Personalised feed", c.personalised_feed);
  const [purchases, purchasesRow] = check("May buy credits", c.purchases_allowed);
  const [characters, charactersRow] = check("May share their character with mutuals", c.characters_allowed);
  const quiet = c.quiet_hours;
  const [quietOn, quietRow] = check("Quiet hours every day: the feed rests, no new videos, no notifications",
    Boolean(quiet));
  const [startLabel, start] = labelled("From", "input", { type: "time", value: quiet ? quiet.start : "21:00" });
  const [endLabel, end] = labelled("Until", "input", { type: "time", value: quiet ? quiet.end : "07:00" });
  const [zoneLabel, zone] = labelled("Their time zone", "input", {
    value: quiet ? quiet.timezone : localZone(), maxLength: 64, autocomplete: "off", spellcheck: false,
  });
  zone.setAttribute("list", "time-zones");
  const span = el("div", { className: "quiet" }, [startLabel, start, endLabel, end, zoneLabel, zone]);
  const showSpan = () => {
    span.hidden = !quietOn.checked;
    for (const input of [start, end, zone]) input.required = quietOn.checked;
  };
  quietOn.addEventListener("change", showSpan);
  showSpan();
  const save = el("button", { type: "submit", textContent: "Save" });
  const release = el("button", { type: "button", className: "danger", textContent: "End guardianship" });
  const form = el("form", { className: "controls-form" }, [
    generationsLabel, generations, itemsLabel, items, minutesLabel, minutes,
    personalisedRow, purchasesRow, charactersRow, quietRow, span, el("div", { className: "row" }, [save, release]),
  ]);
  form.setAttribute("aria-label", `@${link.teen}'s controls`);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, async () => {
      await api("PUT", `/v1/guardians/${encodeURIComponent(link.teen)}/controls`, {
        daily_generation_limit: countOrNull(generations), feed_daily_items: countOrNull(items),
        session_minutes_cap: countOrNull(minutes), personalised_feed: personalised.checked,
        purchases_allowed: purchases.checked, characters_allowed: characters.checked,
        quiet_hours: quietOn.checked ? { start: start.value, end: end.value, timezone: zone.value.trim() } : null,
      });
      await loadFamily();
      say(`Saved: @${link.teen}'s controls apply now.`);
    });
  });
  release.addEventListener("click", () => {
    if (!window.confirm(`End your guardianship of @${link.teen}? Their controls end with it.`)) return;
    busy(release, async () => {
      await api("DELETE", `/v1/guardians/${encodeURIComponent(link.teen)}`);
      await loadFamily();
      say(`You are no longer @${link.teen}'s guardian.`);
    });
  });
  return form;
}

// This browser's IANA time zone (the default for quiet hours), "UTC" where it does not say.
function localZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch (_) {
    return "UTC";
  }
}

// The zones offered as one types (the browser's list; the API checks the name against its own).
function fillTimeZones() {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  $("time-zones").replaceChildren(...zones.map((value) => el("option", { value })));
}

function onFamilyStart(event) {
  busy(event.currentTarget, async () => {
    const code = await api("POST", "/v1/guardians/links");
    await loadFamily();
    say(`Your code: ${code.code}. Give it to your teen before ${when(code.expires_at)}.`);
  });
}

function onFamilyConfirm(event) {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form.querySelector("button[type=submit]"), async () => {
    await api("POST", "/v1/guardians/confirm", { code: form.elements.code.value.trim() });
    form.reset();
    await loadFamily();
    say("Linked: your guardian can now set your controls.");
  });
}

// -- review (reviewers only) --------------------------------------------------------------------

let reviewsSeq = 0; // bumped by each load (and sign-out): an older answer is dropped

async function loadReviews() {
  reviewsSeq += 1;
  const seq = reviewsSeq;
  releaseMedia("review");
  const status = $("review-status").value;
  const [{ cases }, appeals] = await Promise.all([
    api("GET", `/v1/reviews/reports?status=${encodeURIComponent(status)}`),
    api("GET", `/v1/reviews?status=${encodeURIComponent(status)}`),
  ]);
  if (seq !== reviewsSeq) return;
  $("review-list").replaceChildren(...cases.map(reviewItem));
  $("review-empty").hidden = cases.length > 0;
  $("appeal-cases-list").replaceChildren(...appeals.cases.map(appealCaseItem));
  $("appeal-cases-empty").hidden = appeals.cases.length > 0;
}

// An appeal of a blocked prompt as a reviewer reads it: the request, the check's verdict, the
// member's note (not who they are); open, it is overturned or upheld with a note for them.
function appealCaseItem(c) {
  const facts = [`Style: ${c.style || "from the prompt"}`, `Appealed ${when(c.filed_at)}`];
  if (c.teen) facts.push("Held to the teen rules");
  const verdict = [c.category ? reasonWords(c.category) : "Blocked", c.layer ? `(${c.layer} check)` : ""]
    .filter(Boolean).join(" ");
  const item = el("li", { className: "card" }, [
    el("p", { className: "prompt", textContent: `Prompt: ${c.prompt}` }),
    ...c.shot_prompts.map((p, i) => el("p", { className: "prompt", textContent: `Shot ${i + 1}: ${p}` })),
    ...(c.caption ? [el("p", { className: "caption", textContent: `Rewritten as: ${c.caption}` })] : []),
    el("p", { className: "warning", textContent: `${verdict}: ${c.message}` }),
    ...(c.note ? [el("p", { textContent: `Their note: “${c.note}”` })] : []),
    el("p", { className: "hint", textContent: facts.join(" · ") }),
  ]);
  if (c.status !== "open") {
    const by = c.decided_by ? ` by @${c.decided_by}` : "";
    const told = c.answer ? ` Told them: ${c.answer}` : "";
    item.append(el("p", { className: "decided",
      textContent: `${c.status === "overturned" ? "Overturned" : "Upheld"}${by} ${when(c.decided_at)}.${told}` }));
    return item;
  }
  const [noteLabel, note] = labelled("What you tell them (optional)", "textarea",
    { name: "note", rows: 2, maxLength: MAX_NOTE });
  const overturn = el("button", { type: "button", textContent: "Overturn" });
  const uphold = el("button", { type: "button", className: "danger", textContent: "Uphold" });
  const decide = (button, outcome, question, done) => {
    if (!window.confirm(question)) return;
    for (const b of [overturn, uphold]) b.disabled = true;
    busy(button, async () => {
      const body = note.value.trim() ? { outcome, note: note.value.trim() } : { outcome };
      await api("POST", `/v1/reviews/${encodeURIComponent(c.appeal_id)}/decision`, body);
      await loadReviews();
      say(done);
    }).finally(() => {
      for (const b of [overturn, uphold]) b.disabled = false;
    });
  };
  overturn.addEventListener("click", () => decide(overturn, "overturn",
    "Overturn the block? The video is made (it still passes the checks of the finished clip).",
    "Overturned: the video is being made."));
  uphold.addEventListener("click", () => decide(uphold, "uphold", "Uphold the block? It stays blocked.",
    "Upheld: it stays blocked."));
  item.append(decisionBox([noteLabel, note, el("div", { className: "row" }, [overturn, uphold])]));
  return item;
}

function reviewItem(c) {
  const counts = Object.entries(c.reasons).map(([reason, n]) => `${reasonWords(reason)} × ${n}`);
  const facts = [`Style: ${c.style || "from the prompt"}`, c.posted ? `Posted to ${c.audience}` : "Not posted",
    `First reported ${when(c.first_reported_at)}`];
  if (c.teen) facts.push("Held to the teen rules");
  const item = el("li", { className: "card video" }, [
    player(c.media_url, "review", `Reported video: ${c.caption}`),
    el("p", { className: "caption", textContent: c.caption }),
    ...(c.held ? [el("p", { className: "warning", textContent: "Held: out of others' sight until decided." })] : []),
    el("p", { className: "prompt", textContent: `Prompt: ${c.prompt}` }),
    el("p", { className: "hint", textContent: facts.join(" · ") }),
    chips(counts, "Reasons given"),
    reportedList(c.reports),
  ]);
  if (c.status === "open") item.append(decisionForm(c));
  else if (c.status === "appealed") item.append(appealDecisionForm(c));
  else item.append(el("p", { className: "decided", textContent: decidedWords(c) }));
  return item;
}

function reportedList(reports) {
  const list = el("ul", { className: "reported" }, reports.map((r) => el("li", {
    textContent: `${reasonWords(r.reason)}${r.note ? `: “${r.note}”` : ""} · ${when(r.filed_at)}`,
  })));
  list.setAttribute("aria-label", "Reports");
  return list;
}

function decidedWords(c) {
  const by = c.decided_by ? ` by @${c.decided_by}` : "";
  const at = c.decided_at ? ` ${when(c.decided_at)}` : "";
  if (c.status === "kept") return `Kept${by}${at}.`;
  const told = c.answer ? ` Told its owner: ${c.answer}` : "";
  if (c.status === "restored") return `Restored${by}${c.decided_at ? ` on ${when(c.decided_at)}` : ""}.${told}`;
  const why = c.category ? ` (${reasonWords(c.category)})` : "";
  return `Removed${why}${by}${at}.${told}`;
}

// Remove (for a category, by default the reason most reports give, with a note for the owner) or keep.
function decisionForm(c) {
  const [categoryLabel, category] = labelled("Removed for", "select", { name: "category" },
    reasonOptions("The reason most reports give"));
  const [noteLabel, note] = labelled("What you tell its owner, if you remove it (optional)", "textarea",
    { name: "note", rows: 2, maxLength: MAX_NOTE });
  const remove = el("button", { type: "button", className: "danger", textContent: "Remove" });
  const keep = el("button", { type: "button", className: "secondary", textContent: "Keep" });
  const decide = decider(c, [remove, keep]);
  remove.addEventListener("click", () => {
    const body = { decision: "remove" };
    if (category.value) body.category = category.value;
    if (note.value.trim()) body.note = note.value.trim();
    decide(remove, body, "Remove this video from every feed for good?", "Removed: it leaves every feed.");
  });
  keep.addEventListener("click", () => {
    decide(keep, { decision: "keep" }, "Keep this video and close its reports?", "Kept: its reports are closed.");
  });
  return decisionBox([categoryLabel, category, noteLabel, note, el("div", { className: "row" }, [remove, keep])]);
}

// Its owner appealed a removal: restore it (they may post it again) or uphold it, with a note for
// them. Not for the reviewer who removed it (the API answers 403, shown as any error).
function appealDecisionForm(c) {
  const [noteLabel, note] = labelled("What you tell its owner (optional)", "textarea",
    { name: "note", rows: 2, maxLength: MAX_NOTE });
  const restore = el("button", { type: "button", textContent: "Restore" });
  const uphold = el("button", { type: "button", className: "danger", textContent: "Uphold" });
  const decide = decider(c, [restore, uphold]);
  const appealed = c.appeal ? `Its owner appeals: “${c.appeal}”` : "Its owner appeals.";
  const withNote = (decision) => (note.value.trim() ? { decision, note: note.value.trim() } : { decision });
  restore.addEventListener("click", () => {
    decide(restore, withNote("restore"), "Restore this video? Its owner may post it again.",
      "Restored: its owner may post it again.");
  });
  uphold.addEventListener("click", () => {
    decide(uphold, withNote("uphold"), "Uphold the removal? Its owner cannot appeal again.",
      "Upheld: it stays out of every feed.");
  });
  return decisionBox([
    el("p", { className: "decided", textContent: decidedWords(c) }),
    el("p", { className: "warning", textContent: appealed }),
    noteLabel, note, el("div", { className: "row" }, [restore, uphold]),
  ]);
}

// Sends a decision on c (its buttons disabled meanwhile, after a confirm), then reloads the queue.
function decider(c, buttons) {
  return (button, body, question, done) => {
    if (!window.confirm(question)) return;
    for (const b of buttons) b.disabled = true;
    busy(button, async () => {
      await api("POST", `/v1/reviews/reports/${encodeURIComponent(c.video_id)}/decision`, body);
      await loadReviews();
      say(done);
    }).finally(() => {
      for (const b of buttons) b.disabled = false;
    });
  };
}

function decisionBox(children) {
  const box = el("div", { className: "decision" }, children);
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", "Your decision");
  return box;
}

// -- start ---------------------------------------------------------------------------------------

function start() {
  $("login-form").addEventListener("submit", onLogin);
  $("signup-form").addEventListener("submit", onSignUp);
  $("logout-button").addEventListener("click", onLogOut);
  for (const tab of document.querySelectorAll(".tab")) tab.addEventListener("click", onTab);
  $("instruction-form").addEventListener("submit", onInstruction);
  $("instruction-clear").addEventListener("click", onInstructionClear);
  $("feed-more").addEventListener("click", (event) => busy(event.currentTarget, loadFeedPage));
  $("create-form").addEventListener("submit", onCreate);
  $("create-form").addEventListener("input", () => { createKey.key = null; });
  $("generation-cancel").addEventListener("click", onCancel);
  $("appeal-form").addEventListener("submit", onAppeal);
  $("review-status").addEventListener("change", () => act(loadReviews));
  $("reports-more").addEventListener("click", (event) => busy(event.currentTarget, loadOlderReports));
  $("notifications-seen").addEventListener("click", onMarkAllRead);
  $("notifications-older").addEventListener("click", (event) => busy(event.currentTarget, loadOlderNotifications));
  $("notifications-settings-form").addEventListener("submit", onNotificationSettings);
  $("quiet-form").addEventListener("submit", onQuiet);
  $("quiet-clear").addEventListener("click", onQuietClear);
  $("family-start-button").addEventListener("click", onFamilyStart);
  $("invites-new").addEventListener("click", onNewInvite);
  $("capture-form").addEventListener("submit", onCapture);
  $("audience-form").addEventListener("submit", onAudience);
  $("character-remove").addEventListener("click", onRemoveCharacter);
  $("create-characters").addEventListener("change", onCastChange);
  $("family-confirm-form").addEventListener("submit", onFamilyConfirm);
  fillTimeZones();
  window.addEventListener("pagehide", () => {
    for (const scope of Object.keys(objectUrls)) releaseMedia(scope);
  });
  if (token()) act(enter);
  else showSignedIn(false);
}

start();
