/* followup-guard: the warning dialog.
 *
 * Runs in a popup window opened by background.js (it asks the background for
 * its data with runtime messages) or, outside Thunderbird, inside a page that
 * feeds it through window.postMessage (the test harness does that).
 *
 * Keyboard: "Edit message" has the focus and is the default (Enter); Esc or
 * closing the window also means "Edit message". Tab cycles through the
 * buttons of the dialog only. "Send anyway" with block findings asks once more.
 */
"use strict";

(() => {
  const SEVERITIES = [
    { id: "block", title: "Strongly advised not to send" },
    { id: "warn", title: "Worth a second look" },
    { id: "info", title: "For your information" },
  ];

  const { $, el } = window.fgDom;

  /* ---------------- transports ---------------- */

  function extensionTransport(api) {
    const dialogId = new URLSearchParams(location.search).get("id");
    const send = (message) => api.runtime.sendMessage(Object.assign({ dialogId }, message));
    return {
      init: () => send({ type: "fg-dialog-init" }),
      snooze: (rule, person, days) => send({ type: "fg-snooze", rule, person, days }),
      finish: (action) => send({ type: "fg-dialog-result", action })
        .catch(() => {})
        .finally(() => window.close()),
    };
  }

  function postMessageTransport() {
    const target = window.parent !== window ? window.parent : window.opener;
    let nextId = 1;
    const waiting = new Map();
    window.addEventListener("message", (event) => {
      if (!target || event.source !== target) {
        return;
      }
      const data = event.data;
      if (!data || data.fg !== "reply" || !waiting.has(data.reqId)) {
        return;
      }
      waiting.get(data.reqId)(data.result);
      waiting.delete(data.reqId);
    });
    const request = (kind, payload) => new Promise((resolve) => {
      if (!target) {
        resolve(null);
        return;
      }
      const reqId = nextId++;
      waiting.set(reqId, resolve);
      target.postMessage(Object.assign({ fg: "request", kind, reqId }, payload), "*");
    });
    return {
      init: () => request("init", {}),
      snooze: (rule, person, days) => request("snooze", { rule, person, days }),
      finish: (action) => request("finish", { action }),
    };
  }

  const extApi = typeof browser !== "undefined" && browser.runtime && browser.runtime.id
    ? browser : null;
  const transport = extApi ? extensionTransport(extApi) : postMessageTransport();

  /* ---------------- state ---------------- */

  const state = {
    data: null,
    finished: false,
    confirmOpen: false,
    snoozed: new Set(), // "rule\u0000address"
    findings: [], // {finding, persons: [{address, name}], node}
  };

  function finish(action) {
    if (state.finished) {
      return;
    }
    state.finished = true;
    document.body.dataset.result = action;
    transport.finish(action);
  }

  /* ---------------- people ---------------- */

  function parsePerson(value) {
    if (value && typeof value === "object") {
      const address = String(value.address || value.email || value.addr || "").trim();
      const name = String(value.name || "").trim();
      return address ? { address, name } : null;
    }
    const text = String(value || "").trim();
    if (!text) {
      return null;
    }
    const match = text.match(/^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/);
    if (match) {
      return { name: match[1].trim(), address: match[2].trim() };
    }
    return { name: "", address: text };
  }

  function personsFor(finding, draft) {
    // The engine may name the person a finding is about; otherwise it is about
    // every recipient of the draft.
    const explicit = finding.person || finding.persons || finding.people || null;
    const recipients = [].concat((draft && draft.to) || [], (draft && draft.cc) || [],
      (draft && draft.bcc) || []).map(parsePerson).filter(Boolean);
    const raw = explicit ? (Array.isArray(explicit) ? explicit : [explicit]) : recipients;
    const seen = new Set();
    const persons = [];
    for (const item of raw) {
      const person = parsePerson(item);
      if (!person || seen.has(person.address.toLowerCase())) {
        continue;
      }
      if (!person.name) {
        const known = recipients.find((r) => r.address.toLowerCase() === person.address.toLowerCase());
        if (known) {
          person.name = known.name;
        }
      }
      seen.add(person.address.toLowerCase());
      persons.push(person);
    }
    return persons;
  }

  const displayName = (person) => person.name || person.address;
  const snoozeKey = (rule, address) => `${rule}\u0000${address.toLowerCase()}`;

  /* ---------------- rendering ---------------- */

  // "the onsite ended…" → "The onsite ended…"; an address or a name stays as it is.
  function sentence(value) {
    const text = String(value || "");
    return text.replace(/^([a-z])(?=[a-z]*[\s,;:])/, (c) => c.toUpperCase());
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  function renderContext(data) {
    const parts = [];
    const draft = data.draft || {};
    const recipients = [].concat(draft.to || [], draft.cc || [], draft.bcc || [])
      .map(parsePerson).filter(Boolean).map(displayName);
    if (recipients.length) {
      parts.push(`To ${recipients.join(", ")}`);
    }
    if (draft.subject) {
      parts.push(`“${draft.subject}”`);
    }
    if (data.application) {
      parts.push(`application ${data.application}`);
    }
    if (data.kind && data.kind !== "other") {
      parts.push(data.kind);
    }
    if (parts.length) {
      $("context").textContent = parts.join(" · ");
      $("context").hidden = false;
    }
  }

  // The user's own sentence, with the words the finding is about marked. Built from text
  // nodes only: the draft's words are never parsed as HTML.
  function renderExcerpt(excerpt) {
    if (!excerpt || typeof excerpt.text !== "string") {
      return null;
    }
    const text = excerpt.text;
    const start = Math.max(0, Math.min(text.length, Number(excerpt.start) || 0));
    const end = Math.max(start, Math.min(text.length, Number(excerpt.end) || 0));
    const quote = el("blockquote", { class: "excerpt" });
    quote.append(text.slice(0, start));
    if (end > start) {
      quote.append(el("mark", {}, text.slice(start, end)));
    }
    quote.append(text.slice(end));
    return quote;
  }

  // What to do when the guard could not answer, by the kind of failure background.js saw.
  const UNAVAILABLE_FIX = {
    host: "followup-guard is not set up for Thunderbird on this computer, or it stopped. "
      + "In a terminal, run: followup-guard install thunderbird — then restart Thunderbird. "
      + "followup-guard doctor tells what else is missing.",
    timeout: "The followup-guard helper did not answer in time. In a terminal, run: "
      + "followup-guard doctor — it says what is wrong. Restarting Thunderbird restarts the helper.",
    config: "Your followup-guard config has a problem (the reason above names the file and line). "
      + "Fix it, then send again; followup-guard doctor lists every problem.",
    internal: "followup-guard hit an error it did not expect. In a terminal, run: followup-guard "
      + "doctor. Thunderbird's error console (Ctrl+Shift+J) has the details for a bug report.",
  };

  UNAVAILABLE_FIX.unavailable = UNAVAILABLE_FIX.host;

  function renderFinding(finding, draft, index) {
    const severity = SEVERITIES.some((s) => s.id === finding.severity) ? finding.severity : "warn";
    const titleId = `finding-${index}`;
    const card = el("article", {
      class: `finding sev-${severity}`,
      "data-rule": String(finding.rule || ""),
    });
    card.setAttribute("aria-labelledby", titleId);
    card.append(el("h3", { id: titleId, class: "what" }, sentence(finding.message || finding.rule)));
    const quote = renderExcerpt(finding.excerpt);
    if (quote) {
      card.append(quote);
    }
    if (finding.fix) {
      card.append(el("p", { class: "fix" }, el("span", { class: "label" }, "Fix: "), String(finding.fix)));
    }
    if (finding.advice) {
      card.append(el("p", { class: "advice" }, el("span", { class: "label" }, "Why: "),
        String(finding.advice)));
    }
    const ruleBits = [finding.rule, finding.category].filter(Boolean).join(" · ");
    if (ruleBits) {
      const line = el("p", { class: "rule-id" }, ruleBits);
      if (finding.rule) {
        line.append(" · more: ", el("code", {}, `followup-guard rules explain ${finding.rule}`));
      }
      card.append(line);
    }
    const persons = finding.rule ? personsFor(finding, draft) : [];
    const entry = { finding, persons, node: card, severity };
    if (persons.length) {
      const row = el("div", { class: "snooze" });
      for (const person of persons) {
        const button = el("button", {
          type: "button",
          class: "link snooze-btn",
          "data-rule": String(finding.rule),
          "data-person": person.address,
        }, `Don't warn me about this for ${displayName(person)}`);
        button.addEventListener("click", () => snooze(entry, person, button));
        row.append(button);
      }
      card.append(row);
    }
    state.findings.push(entry);
    return card;
  }

  function renderFindings(data) {
    const findings = Array.isArray(data.findings) ? data.findings : [];
    const container = $("findings");
    container.textContent = "";
    let index = 0;
    const counts = {};
    for (const severity of SEVERITIES) {
      const group = findings.filter((f) => (f && (SEVERITIES.some((s) => s.id === f.severity)
        ? f.severity : "warn")) === severity.id);
      counts[severity.id] = group.length;
      if (!group.length) {
        continue;
      }
      const section = el("section", { class: `group sev-${severity.id}`, "data-severity": severity.id });
      section.append(el("h2", {}, `${severity.title} (${group.length})`));
      for (const finding of group) {
        section.append(renderFinding(finding, data.draft, index++));
      }
      container.append(section);
    }
    const bits = [];
    if (counts.block) {
      bits.push(`${plural(counts.block, "finding", "findings")} strongly advised against`);
    }
    if (counts.warn) {
      bits.push(`${plural(counts.warn, "finding", "findings")} worth a second look`);
    }
    $("summary").textContent = bits.length
      ? `followup-guard found ${bits.join(" and ")}.`
      : "followup-guard has nothing to warn about.";
    renderContext(data);
  }

  function render(data) {
    state.data = data || { mode: "findings", findings: [] };
    const mode = state.data.mode || "findings";
    document.body.dataset.mode = mode;
    if (mode === "unavailable-held" || mode === "unavailable-sent") {
      $("title").textContent = "followup-guard could not check this message";
      $("reason").textContent = `Reason: ${state.data.reason || "unknown"}`;
      $("reason").hidden = false;
      $("how-to-fix").textContent = UNAVAILABLE_FIX[state.data.code] || UNAVAILABLE_FIX.internal;
      $("how-to-fix").hidden = false;
      if (mode === "unavailable-held") {
        $("summary").textContent = "The message was held: nothing has been sent.";
        $("send").textContent = "Send without checking";
      } else {
        $("summary").textContent = "It was sent without a check, as your settings ask.";
        $("edit").textContent = "OK";
        $("send").hidden = true;
      }
      renderContext(state.data);
    } else {
      renderFindings(state.data);
    }
    // Set last: the window title says the dialog is ready (tests and the benchmark wait on it).
    document.title = mode === "findings"
      ? "followup-guard: check before sending"
      : "followup-guard: could not check this message";
    document.body.dataset.ready = "true";
  }

  /* ---------------- snooze ---------------- */

  function markSnoozed(rule, address) {
    state.snoozed.add(snoozeKey(rule, address));
    for (const button of document.querySelectorAll(".snooze-btn")) {
      if (button.dataset.rule === rule && button.dataset.person.toLowerCase() === address.toLowerCase()) {
        const person = state.findings.flatMap((f) => f.persons)
          .find((p) => p.address.toLowerCase() === address.toLowerCase());
        button.textContent = `Snoozed for ${person ? displayName(person) : address}`;
        button.disabled = true;
      }
    }
    for (const entry of state.findings) {
      const all = entry.persons.length > 0
        && entry.persons.every((p) => state.snoozed.has(snoozeKey(entry.finding.rule, p.address)));
      entry.node.classList.toggle("snoozed", all);
    }
  }

  async function snooze(entry, person, button) {
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    const old = entry.node.querySelector(".snooze-error");
    if (old) {
      old.remove();
    }
    let reply;
    try {
      reply = await transport.snooze(String(entry.finding.rule), person.address, null);
    } catch (e) {
      reply = { ok: false, error: String(e && e.message ? e.message : e) };
    }
    if (reply && reply.ok) {
      markSnoozed(String(entry.finding.rule), person.address);
      focusNext(button);
    } else {
      button.disabled = false;
      const message = (reply && reply.error) || "no answer";
      entry.node.append(el("p", { class: "snooze-error", role: "alert" }, `Could not snooze: ${message}`));
    }
  }

  function openBlocks() {
    return state.findings.filter((entry) => entry.severity === "block"
      && !entry.node.classList.contains("snoozed")).length;
  }

  /* ---------------- confirm step ---------------- */

  function openConfirm() {
    state.confirmOpen = true;
    $("confirm").hidden = false;
    $("footer").hidden = true;
    $("body").inert = true;
    $("confirm-back").focus();
  }

  function closeConfirm() {
    state.confirmOpen = false;
    $("confirm").hidden = true;
    $("footer").hidden = false;
    $("body").inert = false;
    $("send").focus();
  }

  /* ---------------- keyboard ---------------- */

  function focusables() {
    const scope = state.confirmOpen ? $("confirm") : document;
    return Array.from(scope.querySelectorAll("button"))
      .filter((b) => !b.disabled && !b.hidden && b.offsetParent !== null
        && !(state.confirmOpen ? false : b.closest("#confirm")));
  }

  function focusNext(from) {
    const list = focusables();
    if (!list.length) {
      return;
    }
    const i = list.indexOf(from);
    (list[(i + 1) % list.length] || list[0]).focus();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      if (state.confirmOpen) {
        closeConfirm();
      } else {
        finish("edit");
      }
    } else if (event.key === "Enter") {
      const target = event.target;
      if (target && target.tagName === "BUTTON") {
        return; // the focused button does its own thing
      }
      event.preventDefault();
      if (state.confirmOpen) {
        closeConfirm();
      } else {
        finish("edit");
      }
    } else if (event.key === "Tab") {
      // Keep the focus inside the dialog, in document order with wrap-around.
      const list = focusables();
      if (!list.length) {
        return;
      }
      event.preventDefault();
      const i = list.indexOf(document.activeElement);
      const next = event.shiftKey
        ? list[(i <= 0 ? list.length : i) - 1]
        : list[(i + 1) % list.length];
      next.focus();
    }
  });

  $("edit").addEventListener("click", () => finish("edit"));
  $("send").addEventListener("click", () => {
    if (state.data && state.data.mode === "findings" && openBlocks() > 0) {
      openConfirm();
    } else {
      finish("send");
    }
  });
  $("confirm-back").addEventListener("click", closeConfirm);
  $("confirm-send").addEventListener("click", () => finish("send"));

  $("edit").focus();
  Promise.resolve()
    .then(() => transport.init())
    .then((data) => render(data), () => render(null))
    .then(() => {
      if (!state.confirmOpen && document.activeElement !== $("edit")) {
        $("edit").focus();
      }
    });
})();
