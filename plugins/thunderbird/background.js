/* followup-guard for Thunderbird: the background page (MV2, persistent).
 *
 * On compose.onBeforeSend it collects the draft, asks the local followup-guard
 * engine through native messaging (host "followup_guard") and, when the engine
 * has findings at warn or block, opens the warning dialog and waits for the
 * user's choice. The listener ALWAYS settles: the host call has a 5 s limit,
 * every other await is guarded, and a closed dialog means "Edit message".
 * Thunderbird keeps the composer locked while the listener runs, and a
 * rejected listener would leave it locked, so nothing here may throw out.
 */
"use strict";

const HOST_NAME = "followup_guard";
const HOST_TIMEOUT_MS = 5000;
// A dialog left open this long is taken as "Edit message", so a forgotten
// dialog cannot keep the composer locked for ever.
const DIALOG_TIMEOUT_MS = 30 * 60 * 1000;
const SIDE_TIMEOUT_MS = 1500;
const DEFAULT_SETTINGS = {
  // null: every identity is guarded (also identities added later);
  // an array of identity ids: only those.
  guardedIdentities: null,
  // What to do with the message when the guard cannot check it.
  onUnavailable: "hold", // "hold" | "send"
};
const DIALOG_SIZE = { width: 620, height: 600 };
const NOTICE_SIZE = { width: 560, height: 340 };

/* ------------------------------------------------------------------ */
/* Native messaging: one persistent port, requests matched by id.      */
/* ------------------------------------------------------------------ */

class GuardUnavailable extends Error {
  constructor(reason, code) {
    super(reason);
    this.name = "GuardUnavailable";
    this.code = code || "unavailable";
  }
}

let port = null;
let nextRequestId = 1;
const pending = new Map(); // id -> {resolve, reject, timer}

function failPending(error) {
  for (const entry of pending.values()) {
    clearTimeout(entry.timer);
    entry.reject(error);
  }
  pending.clear();
}

function connect() {
  const p = browser.runtime.connectNative(HOST_NAME);
  p.onMessage.addListener((message) => {
    const id = message && message.id;
    const entry = pending.get(id);
    if (!entry) {
      console.warn("followup-guard: reply to an unknown request", message);
      return;
    }
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(message);
  });
  p.onDisconnect.addListener((disconnected) => {
    const error = disconnected.error || browser.runtime.lastError;
    if (port === p) {
      port = null;
    }
    const reason = error && error.message
      ? `the followup-guard helper is not available (${error.message})`
      : "the followup-guard helper stopped";
    failPending(new GuardUnavailable(reason, "host"));
  });
  return p;
}

function dropPort() {
  const p = port;
  port = null;
  if (p) {
    try {
      p.disconnect(); // closes the host's stdin: a hung host is ended
    } catch (e) {
      // already gone
    }
  }
}

/** Sends one request to the host; resolves with its result or rejects with GuardUnavailable. */
function callHost(method, params, timeoutMs = HOST_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const id = nextRequestId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      dropPort();
      reject(new GuardUnavailable(
        `the followup-guard helper did not answer within ${Math.round(timeoutMs / 1000)} s`,
        "timeout"));
    }, timeoutMs);
    pending.set(id, {
      timer,
      reject,
      resolve: (message) => {
        if (message.ok) {
          resolve(message.result);
        } else {
          const err = message.error || {};
          reject(new GuardUnavailable(
            err.message || "the followup-guard helper reported an error", err.code || "internal"));
        }
      },
    });
    try {
      if (!port) {
        port = connect();
      }
      port.postMessage({ id, method, params });
    } catch (e) {
      pending.delete(id);
      clearTimeout(timer);
      dropPort();
      reject(new GuardUnavailable(`the followup-guard helper could not be reached (${e.message || e})`, "host"));
    }
  });
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

function withTimeout(promise, ms, fallback) {
  let timer;
  return Promise.race([
    Promise.resolve(promise).catch(() => fallback),
    new Promise((resolve) => { timer = setTimeout(() => resolve(fallback), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function getSettings() {
  const stored = await withTimeout(browser.storage.local.get(DEFAULT_SETTINGS), SIDE_TIMEOUT_MS, null);
  const settings = Object.assign({}, DEFAULT_SETTINGS, stored || {});
  if (settings.onUnavailable !== "send") {
    settings.onUnavailable = "hold";
  }
  if (!Array.isArray(settings.guardedIdentities)) {
    settings.guardedIdentities = null;
  }
  return settings;
}

function isGuarded(settings, identityId) {
  if (settings.guardedIdentities === null) {
    return true;
  }
  return identityId ? settings.guardedIdentities.includes(identityId) : true;
}

function recipientList(value) {
  if (!value) {
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  const out = [];
  for (const item of list) {
    if (typeof item === "string") {
      if (item.trim()) {
        out.push(item.trim());
      }
    } else if (item && typeof item === "object") {
      // A contact or mailing-list reference set by another add-on: we cannot
      // resolve it without address-book permissions; pass its id on visibly.
      out.push(`${item.type || "contact"}:${item.id}`);
    }
  }
  return out;
}

function angle(messageId) {
  if (!messageId) {
    return null;
  }
  const id = String(messageId).trim().replace(/^<|>$/g, "");
  return id ? `<${id}>` : null;
}

async function relatedHeaders(relatedMessageId) {
  // The related message's Message-ID, plus its References when they can be
  // read cheaply (messages.getHeaders exists from Thunderbird 147 on).
  const header = await withTimeout(browser.messages.get(relatedMessageId), SIDE_TIMEOUT_MS, null);
  if (!header || !header.headerMessageId) {
    return null;
  }
  const related = { messageId: angle(header.headerMessageId), references: [] };
  if (typeof browser.messages.getHeaders === "function") {
    const headers = await withTimeout(browser.messages.getHeaders(relatedMessageId), SIDE_TIMEOUT_MS, null);
    const refs = headers && (headers.references || headers.References);
    if (refs && refs.length) {
      related.references = refs.join(" ").split(/\s+/).filter((r) => /^<.+>$/.test(r));
    }
  }
  return related;
}

/** Turns Thunderbird's ComposeDetails into the host's draft params. */
async function buildDraft(details) {
  const plain = typeof details.plainTextBody === "string" ? details.plainTextBody : "";
  const draft = {
    from: details.from || "",
    to: recipientList(details.to),
    cc: recipientList(details.cc),
    bcc: recipientList(details.bcc),
    subject: details.subject || "",
    body: plain,
    html: !plain && typeof details.body === "string" && details.body ? details.body : null,
    type: details.type || "new",
    inReplyTo: null,
    references: [],
    messageId: null,
    requested: false,
  };
  if (details.identityId) {
    draft.identityId = details.identityId;
  }
  if (details.relatedMessageId) {
    const related = await relatedHeaders(details.relatedMessageId);
    if (related) {
      draft.relatedMessageId = related.messageId;
      if (draft.type === "reply" || draft.type === "draft") {
        if (draft.type === "reply") {
          draft.inReplyTo = related.messageId;
        }
        draft.references = related.references.concat([related.messageId]);
      } else if (draft.type === "forward") {
        draft.forwardOf = related.messageId;
      }
    }
  }
  return draft;
}

/* ------------------------------------------------------------------ */
/* The dialog window                                                   */
/* ------------------------------------------------------------------ */

let nextDialogId = 1;
const dialogs = new Map(); // dialogId -> {data, windowId, finish}

async function dialogPosition(windowId, baseSize) {
  const size = Object.assign({}, baseSize);
  if (windowId === undefined || windowId === null) {
    return size;
  }
  const win = await withTimeout(browser.windows.get(windowId), 300, null);
  if (win && Number.isFinite(win.left) && Number.isFinite(win.width)) {
    size.left = Math.max(0, Math.round(win.left + (win.width - size.width) / 2));
    size.top = Math.max(0, Math.round(win.top + Math.max(0, (win.height - size.height) / 3)));
  }
  return size;
}

/**
 * Opens dialog.html and resolves with the user's choice: "send" or "edit".
 * Closing the window, Esc, a failure to open it, or the long timeout all
 * resolve "edit". With wait=false the window is only shown (a notice).
 */
function openDialog(data, parentWindowId, wait = true) {
  const dialogId = String(nextDialogId++);
  return new Promise((resolve) => {
    let settled = false;
    const entry = { data, windowId: null, timer: null };
    entry.finish = (action) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(entry.timer);
      const windowId = entry.windowId;
      // Keep the entry a little so a late init/snooze from the page still works.
      setTimeout(() => dialogs.delete(dialogId), 60000);
      if (windowId !== null && action !== "closed") {
        browser.windows.remove(windowId).catch(() => {});
      }
      resolve(action === "send" ? "send" : "edit");
    };
    dialogs.set(dialogId, entry);
    if (wait) {
      entry.timer = setTimeout(() => entry.finish("edit"), DIALOG_TIMEOUT_MS);
    }
    (async () => {
      const where = await dialogPosition(parentWindowId,
        data.mode === "findings" ? DIALOG_SIZE : NOTICE_SIZE);
      const win = await browser.windows.create(Object.assign({
        url: `dialog.html?id=${encodeURIComponent(dialogId)}&mode=${encodeURIComponent(data.mode)}`,
        type: "popup",
        allowScriptsToClose: true,
      }, where));
      entry.windowId = win.id;
      if (settled) {
        browser.windows.remove(win.id).catch(() => {});
      }
      if (!wait) {
        resolve("edit");
      }
    })().catch((e) => {
      console.error("followup-guard: could not open the dialog", e);
      entry.finish("edit");
    });
  });
}

browser.windows.onRemoved.addListener((windowId) => {
  for (const entry of dialogs.values()) {
    if (entry.windowId === windowId) {
      entry.finish("closed");
    }
  }
});

browser.runtime.onMessage.addListener((message) => {
  if (!message || typeof message !== "object") {
    return undefined;
  }
  const entry = dialogs.get(String(message.dialogId));
  switch (message.type) {
    case "fg-dialog-init":
      return Promise.resolve(entry ? entry.data : null);
    case "fg-dialog-result":
      if (entry) {
        entry.finish(message.action === "send" ? "send" : "edit");
      }
      return Promise.resolve(true);
    case "fg-snooze":
      return callHost("snooze", {
        rule: String(message.rule),
        person: String(message.person),
        days: Number.isInteger(message.days) ? message.days : null,
      }).then(
        (result) => ({ ok: true, result }),
        (error) => ({ ok: false, error: error.message || String(error) }),
      );
    case "fg-host":
      // The tab page's questions; only these methods, so a page cannot send mail checks.
      if (!PAGE_METHODS.has(message.method)) {
        return Promise.resolve({ ok: false, error: `not a tab method: ${message.method}` });
      }
      return callHost(message.method, message.params || {}).then(
        (result) => ({ ok: true, result }),
        (error) => ({ ok: false, error: error.message || String(error) }),
      );
    case "fg-options-ping":
      return callHost("ping", {}).then(
        (result) => ({ ok: true, result }),
        (error) => ({ ok: false, error: error.message || String(error) }),
      );
    default:
      return undefined;
  }
});

/* ------------------------------------------------------------------ */
/* The send hooks                                                      */
/* ------------------------------------------------------------------ */

// Draft snapshots of sends that went on, by tab id, for compose.onAfterSend.
const lastDrafts = new Map();

const SEVERITY_OPENS_DIALOG = new Set(["warn", "block"]);

async function whenUnavailable(settings, error, tab, draft) {
  const held = settings.onUnavailable !== "send";
  const reason = (error && error.message) || String(error);
  console.warn(`followup-guard: could not check the message: ${reason}`);
  const data = {
    mode: held ? "unavailable-held" : "unavailable-sent",
    reason,
    code: (error && error.code) || "internal",
    draft: draft ? { to: draft.to, cc: draft.cc, bcc: draft.bcc, subject: draft.subject } : null,
  };
  if (!held) {
    openDialog(data, tab && tab.windowId, false).catch(() => {});
    return {};
  }
  const choice = await openDialog(data, tab && tab.windowId, true);
  return choice === "send" ? {} : { cancel: true };
}

async function guardSend(tab, details) {
  const settings = await getSettings();
  if (!isGuarded(settings, details.identityId)) {
    return {};
  }
  let draft = null;
  let result;
  try {
    draft = await buildDraft(details);
    result = await callHost("check", draft);
  } catch (error) {
    const decision = await whenUnavailable(settings, error, tab, draft);
    if (!decision.cancel && draft) {
      lastDrafts.set(tab.id, draft);
    }
    return decision;
  }
  const findings = Array.isArray(result && result.findings) ? result.findings : [];
  const serious = findings.filter((f) => f && SEVERITY_OPENS_DIALOG.has(f.severity));
  if (serious.length === 0) {
    lastDrafts.set(tab.id, draft);
    return {};
  }
  const choice = await openDialog({
    mode: "findings",
    application: result.application || null,
    kind: result.kind || null,
    findings,
    draft: { from: draft.from, to: draft.to, cc: draft.cc, bcc: draft.bcc, subject: draft.subject },
  }, tab.windowId, true);
  if (choice === "send") {
    lastDrafts.set(tab.id, draft);
    return {};
  }
  return { cancel: true };
}

browser.compose.onBeforeSend.addListener(async (tab, details) => {
  try {
    return await guardSend(tab, details);
  } catch (error) {
    // Last resort: never leave the composer locked. Hold the message, since
    // we could not tell whether it is safe.
    console.error("followup-guard: unexpected error", error);
    try {
      const settings = await getSettings();
      return await whenUnavailable(settings, error, tab, null);
    } catch (e) {
      return { cancel: true };
    }
  }
});

browser.compose.onAfterSend.addListener(async (tab, sendInfo) => {
  try {
    const snapshot = lastDrafts.get(tab.id);
    lastDrafts.delete(tab.id);
    if (!sendInfo || sendInfo.error || sendInfo.mode !== "sendNow" || !snapshot) {
      return;
    }
    let draft = snapshot;
    if (sendInfo.details) {
      // Thunderbird 147+: the details that were actually sent (another
      // add-on may have changed them after us).
      draft = await withTimeout(buildDraft(sendInfo.details), SIDE_TIMEOUT_MS, snapshot);
    }
    draft = Object.assign({}, draft, { messageId: angle(sendInfo.headerMessageId) });
    await callHost("sent", draft);
  } catch (error) {
    console.warn("followup-guard: could not record the sent message", error);
  }
});

/* ------------------------------------------------------------------ */
/* Interviews found in the inbox: the tab, and "Track this interview"  */
/* ------------------------------------------------------------------ */

const PAGE_METHODS = new Set(["timeline", "suggestions", "accept", "dismiss"]);
const TAB_URL = "tab.html";
const MAX_RAW_BYTES = 5 * 1024 * 1024;
let guardTabId = null;
// tab id -> the pending suggestions of the message shown there
const shownSuggestions = new Map();

async function openGuardTab() {
  if (guardTabId !== null) {
    try {
      await browser.tabs.update(guardTabId, { active: true });
      await browser.tabs.reload(guardTabId);
      return guardTabId;
    } catch (e) {
      guardTabId = null; // closed since
    }
  }
  const tab = await browser.tabs.create({ url: browser.runtime.getURL(TAB_URL) });
  guardTabId = tab.id;
  return guardTabId;
}

browser.tabs.onRemoved.addListener((tabId) => {
  if (tabId === guardTabId) {
    guardTabId = null;
  }
  shownSuggestions.delete(tabId);
});

browser.browserAction.onClicked.addListener(() => {
  openGuardTab().catch((e) => console.error("followup-guard: could not open the tab", e));
});

function base64OfBinaryString(raw) {
  // getRaw gives a "binary string" (one char per byte); btoa takes exactly that.
  return btoa(raw);
}

async function rawMessage(messageId) {
  const raw = await browser.messages.getRaw(messageId);
  if (typeof raw === "string") {
    return raw.length > MAX_RAW_BYTES ? null : base64OfBinaryString(raw);
  }
  if (raw && typeof raw.arrayBuffer === "function") { // a File (newer Thunderbird)
    if (raw.size > MAX_RAW_BYTES) {
      return null;
    }
    const bytes = new Uint8Array(await raw.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }
  return null;
}

async function showTrackButton(tab, message) {
  const tabId = tab.id;
  shownSuggestions.delete(tabId);
  await browser.messageDisplayAction.disable(tabId);
  if (!message || (message.size && message.size > MAX_RAW_BYTES)) {
    return;
  }
  const raw = await rawMessage(message.id);
  if (!raw) {
    return;
  }
  const result = await callHost("recognise", { raw });
  const pendingOnes = (result.suggestions || []).filter((s) => s.state === "pending");
  if (!pendingOnes.length) {
    const tracked = (result.suggestions || []).find((s) => s.state === "accepted");
    if (tracked) {
      await browser.messageDisplayAction.setTitle({ tabId, title: "Interview tracked already" });
    }
    return;
  }
  shownSuggestions.set(tabId, pendingOnes);
  await browser.messageDisplayAction.setTitle({
    tabId, title: `Track this interview: ${pendingOnes[0].headline}`,
  });
  await browser.messageDisplayAction.enable(tabId);
}

browser.messageDisplay.onMessageDisplayed.addListener((tab, message) => {
  // Thunderbird 128 passes the message; later versions may pass a list.
  const shown = message && Array.isArray(message.messages) ? message.messages[0] : message;
  showTrackButton(tab, shown).catch((error) => {
    console.info(`followup-guard: could not look for an interview: ${error.message || error}`);
  });
});

browser.messageDisplayAction.onClicked.addListener(async (tab) => {
  const items = shownSuggestions.get(tab.id) || [];
  shownSuggestions.delete(tab.id);
  try {
    for (const s of items) {
      await callHost("accept", { id: s.id });
    }
    await browser.messageDisplayAction.setTitle({ tabId: tab.id, title: "Interview tracked" });
    await browser.messageDisplayAction.disable(tab.id);
    await openGuardTab();
  } catch (error) {
    console.warn("followup-guard: could not track the interview", error);
    await browser.messageDisplayAction.setTitle({
      tabId: tab.id, title: `Could not track it: ${error.message || error}`,
    });
  }
});

// Start the helper now, so the first Send does not pay for its start-up.
callHost("ping", {}).catch((error) => {
  console.info(`followup-guard: helper not ready at start-up: ${error.message}`);
});
