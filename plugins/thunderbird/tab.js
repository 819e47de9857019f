/* followup-guard: the tab page ("where you stand").
 *
 * Per application: a timeline of rounds, messages sent and received and logged calls; the
 * windows that matter (thank-you due, inquiry fine from, awaiting a reply since); the
 * reminders; and the interviews found in the inbox, with Track and Dismiss. All data comes
 * from the local engine through the native host (background.js relays "fg-host" messages);
 * outside Thunderbird a harness page feeds it through window.postMessage (the tests do).
 * Nothing here talks to the network.
 */
"use strict";

(() => {
  const { $, el } = window.fgDom;

  /* ---------------- transports: both answer {ok, result} or {ok: false, error} ---------- */

  function extensionTransport(api) {
    return (method, params) => api.runtime.sendMessage({ type: "fg-host", method, params });
  }

  function postMessageTransport() {
    const target = window.parent !== window ? window.parent : window.opener;
    let nextId = 1;
    const waiting = new Map();
    window.addEventListener("message", (event) => {
      const data = event.data;
      if (!target || event.source !== target || !data || data.fg !== "reply") {
        return;
      }
      const done = waiting.get(data.reqId);
      if (done) {
        waiting.delete(data.reqId);
        done(data.result);
      }
    });
    return (method, params) => new Promise((resolve) => {
      if (!target) {
        resolve({ ok: false, error: "no followup-guard helper to ask" });
        return;
      }
      const reqId = nextId++;
      waiting.set(reqId, resolve);
      target.postMessage({ fg: "request", kind: "host", method, params, reqId }, "*");
    });
  }

  const extApi = typeof browser !== "undefined" && browser.runtime && browser.runtime.id
    ? browser : null;
  const host = extApi ? extensionTransport(extApi) : postMessageTransport();

  /* ---------------- formatting ---------------- */

  const zone = { name: undefined };

  function when(iso, withZone) {
    if (!iso) {
      return "-";
    }
    const floating = !/[zZ]|[+-]\d\d:\d\d$/.test(iso);
    const date = new Date(floating ? iso : iso);
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    const opts = { weekday: "short", day: "numeric", month: "short", hour: "2-digit",
                   minute: "2-digit", hour12: false };
    if (withZone && !floating) {
      opts.timeZone = withZone;
    } else if (zone.name && !floating) {
      opts.timeZone = zone.name;
    }
    try {
      return new Intl.DateTimeFormat("en-GB", opts).format(date);
    } catch (e) {
      return date.toISOString().slice(0, 16).replace("T", " ");
    }
  }

  const KIND = { round: "Round", sent: "Sent", received: "Received", call: "Call",
                 voicemail: "Voicemail", meeting: "Meeting", note: "Note" };

  function setStatus(text) {
    $("status").textContent = text;
  }

  /* ---------------- suggestions ---------------- */

  function suggestionCard(s) {
    const people = el("ul", { class: "people" });
    for (const p of s.people || []) {
      people.append(el("li", {}, `${p.name} <${p.address}> — ${p.role}`));
    }
    const round = s.round || {};
    const where = s.application ? `adds a round to ${s.application}` : "a new application";
    const zoneText = round.timezone || "no time zone in the invitation";
    const track = el("button", { type: "button", class: "primary track", textContent: "Track" });
    const dismiss = el("button", { type: "button", class: "dismiss", textContent: "Dismiss" });
    const card = el("li", { class: "card", "data-id": String(s.id) },
      el("div", { class: "headline" }, s.headline || `Interview with ${s.company}`),
      el("div", { class: "meta" },
        `${round.name} · ${when(round.start, round.timezone)}–${when(round.end, round.timezone).slice(-5)}`
        + ` (${zoneText}) · ${where}`),
      s.note ? el("div", { class: "note" }, s.note) : null,
      people,
      el("div", { class: "meta" }, `From: ${(s.source && s.source.subject) || ""}`),
      el("div", { class: "buttons" }, track, dismiss));
    track.addEventListener("click", () => act(card, "accept", { id: s.id }, "Tracked"));
    dismiss.addEventListener("click", () => act(card, "dismiss", { id: s.id }, "Dismissed"));
    return card;
  }

  async function act(card, method, params, done) {
    for (const b of card.querySelectorAll("button")) {
      b.disabled = true;
    }
    const reply = await host(method, params);
    if (!reply || !reply.ok) {
      setStatus(`Could not do that: ${(reply && reply.error) || "no answer"}`);
      for (const b of card.querySelectorAll("button")) {
        b.disabled = false;
      }
      return;
    }
    const r = reply.result || {};
    setStatus(method === "accept"
      ? `${done}: ${r.application}, round “${r.round}”. Its reminders start now.`
      : `${done}.`);
    document.body.dataset.lastAction = `${method}:${params.id}`;
    await load(false);
  }

  /* ---------------- applications ---------------- */

  function windowItem(label, value, cls) {
    return el("span", { class: `window ${cls || ""}` }, `${label}: `, el("b", {}, value));
  }

  function appCard(a, now) {
    const w = a.windows || {};
    const windows = el("div", { class: "windows" });
    for (const t of w.thank_you_due || []) {
      const late = !t.sent && new Date(t.due) < now;
      windows.append(windowItem(`Thank-you to ${t.person} (${t.round})`,
        t.sent ? `sent ${when(t.sent)}` : `due ${when(t.due)}`, t.sent ? "ok" : late ? "due" : ""));
    }
    if (w.awaiting_reply_since) {
      windows.append(windowItem("Awaiting a reply since", when(w.awaiting_reply_since)));
    }
    if (w.inquiry_ok_from) {
      const open = new Date(w.inquiry_ok_from) <= now;
      windows.append(windowItem("Status inquiry fine from",
        open ? `${when(w.inquiry_ok_from)} (now)` : when(w.inquiry_ok_from), open ? "ok" : ""));
    }
    const timeline = el("ol", { class: "timeline" });
    for (const e of a.events || []) {
      timeline.append(el("li", { class: e.kind, "data-kind": e.kind },
        el("span", { class: "when" }, when(e.at)),
        el("span", { class: "kind" }, KIND[e.kind] || e.kind),
        ` ${e.title}`, e.detail ? el("span", { class: "meta" }, ` — ${e.detail}`) : null));
    }
    if (!timeline.children.length) {
      timeline.append(el("li", { class: "empty" }, "Nothing yet."));
    }
    const reminders = el("ul", { class: "reminders" });
    for (const r of a.reminders || []) {
      reminders.append(el("li", { "data-rule": r.rule }, r.message));
    }
    return el("article", { class: "app", "data-id": a.id },
      el("h3", {}, `${a.company}${a.role ? ` — ${a.role}` : ""}`),
      el("div", { class: "meta" }, `${a.id} · ${a.status}`),
      windows, timeline, reminders.children.length ? reminders : null);
  }

  /* ---------------- loading ---------------- */

  async function load(announce = true) {
    if (announce) {
      setStatus("Loading…");
    }
    const reply = await host("timeline", {});
    if (!reply || !reply.ok) {
      setStatus(`The followup-guard helper did not answer: ${(reply && reply.error) || "no answer"}`);
      document.body.dataset.ready = "error";
      return;
    }
    const data = reply.result || {};
    zone.name = data.timezone;
    const now = data.at ? new Date(data.at) : new Date();
    const list = $("suggestion-list");
    list.replaceChildren(...(data.suggestions || []).map(suggestionCard));
    $("suggestions").hidden = !list.children.length;
    const apps = data.applications || [];
    $("apps").replaceChildren(...apps.map((a) => appCard(a, now)));
    $("no-apps").hidden = apps.length > 0;
    if (announce) {
      const n = (data.suggestions || []).length;
      setStatus(`${apps.length} application${apps.length === 1 ? "" : "s"}`
        + (n ? `, ${n} interview${n === 1 ? "" : "s"} found in your inbox to track` : ""));
    }
    document.body.dataset.ready = "true";
  }

  $("refresh").addEventListener("click", () => load());
  load();
})();
