/* followup-guard options: which identities to guard, and what to do when the
 * guard cannot check a message. Stored in storage.local; background.js reads
 * them at every send. */
"use strict";

const DEFAULTS = { guardedIdentities: null, onUnavailable: "hold" };

const $ = (id) => document.getElementById(id);

function showStatus(text) {
  $("status").textContent = text;
}

async function listIdentities() {
  const accounts = await browser.accounts.list(false);
  const identities = [];
  for (const account of accounts) {
    for (const identity of account.identities || []) {
      identities.push({ id: identity.id, label: identity.name
        ? `${identity.name} <${identity.email}>` : identity.email, account: account.name });
    }
  }
  return identities;
}

async function save() {
  const all = $("guard-all").checked;
  const guardedIdentities = all ? null
    : Array.from(document.querySelectorAll("input[name=identity]:checked")).map((i) => i.value);
  const choice = document.querySelector("input[name=onUnavailable]:checked");
  await browser.storage.local.set({
    guardedIdentities,
    onUnavailable: choice && choice.value === "send" ? "send" : "hold",
  });
  showStatus("Saved.");
}

function syncIdentityBoxes() {
  const all = $("guard-all").checked;
  for (const box of document.querySelectorAll("input[name=identity]")) {
    box.disabled = all;
    if (all) {
      box.checked = true;
    }
  }
}

async function load() {
  const settings = Object.assign({}, DEFAULTS, await browser.storage.local.get(DEFAULTS));
  const identities = await listIdentities();
  const container = $("identities");
  for (const identity of identities) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "identity";
    box.value = identity.id;
    box.checked = !Array.isArray(settings.guardedIdentities)
      || settings.guardedIdentities.includes(identity.id);
    label.append(box, ` ${identity.label}`);
    const account = document.createElement("span");
    account.className = "hint";
    account.textContent = ` (${identity.account})`;
    label.append(account);
    container.append(label);
  }
  $("guard-all").checked = !Array.isArray(settings.guardedIdentities);
  syncIdentityBoxes();
  const value = settings.onUnavailable === "send" ? "send" : "hold";
  document.querySelector(`input[name=onUnavailable][value=${value}]`).checked = true;

  $("guard-all").addEventListener("change", () => {
    syncIdentityBoxes();
    save();
  });
  $("options").addEventListener("change", (event) => {
    if (event.target.id !== "guard-all") {
      save();
    }
  });
  $("ping").addEventListener("click", async () => {
    $("ping-result").textContent = "Asking…";
    const reply = await browser.runtime.sendMessage({ type: "fg-options-ping" });
    if (reply && reply.ok) {
      const r = reply.result || {};
      $("ping-result").textContent = `Connected${r.version ? ` to followup-guard ${r.version}` : ""}.`;
    } else {
      $("ping-result").textContent = `Not connected: ${reply ? reply.error : "no answer"}`;
    }
  });
}

load().catch((error) => showStatus(`Could not load the options: ${error.message}`));
