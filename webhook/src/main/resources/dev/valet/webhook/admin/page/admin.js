// The admin page: reads the JSON API with the bearer token the person gives, kept in this tab's
// sessionStorage only. Every value from the API is written as text, never as HTML.
"use strict";

const TOKEN_KEY = "valet.admin.token";
const PAGE_SIZE = 50;
let nextLeases = null;

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, method = "GET") {
  const response = await fetch(path, {
    method,
    headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY) },
    cache: "no-store",
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body.error || "HTTP " + response.status);
  }
  return body;
}

function say(text, isError = false) {
  $("message").textContent = text;
  $("message").className = isError ? "error" : "";
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

function short(text) {
  return text && text.length > 14 ? text.slice(0, 10) + "\u2026" : text;
}

function renderPools(pools) {
  const box = $("pools");
  box.replaceChildren();
  for (const pool of pools.items) {
    const card = document.createElement("article");
    card.className = "card";
    card.dataset.pool = pool.name;
    const title = document.createElement("h3");
    title.textContent = pool.name + (pool.network ? " (" + pool.network + ")" : "");
    const facts = document.createElement("dl");
    const rows = [
      ["free", pool.keys.free],
      ["quarantined", pool.keys.quarantined],
      ["leased", pool.keys.leased],
      ["retired", pool.keys.retired],
      ["pending leases", pool.leases.pending],
      ["bound leases", pool.leases.bound],
    ];
    if (pool.caps) {
      rows.push(["keys left (of " + pool.caps.maxKeys + ")", pool.caps.keysLeft]);
      rows.push(["new this hour (of " + pool.caps.maxNewKeysPerHour + ")",
        pool.caps.newKeysLeftThisHour]);
      rows.push(["max keys per pod", pool.caps.maxKeysPerPod]);
    }
    if (pool.deposits) {
      for (const [state, count] of Object.entries(pool.deposits)) {
        rows.push(["deposits " + state, count]);
      }
    }
    for (const [name, value] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = name;
      const dd = document.createElement("dd");
      dd.textContent = String(value);
      dd.dataset.count = name;
      facts.append(dt, dd);
    }
    card.append(title, facts);
    box.appendChild(card);
  }
}

function leaseRow(lease) {
  const row = document.createElement("tr");
  row.dataset.lease = lease.id;
  cell(row, short(lease.id), "mono").title = lease.id;
  cell(row, lease.pool);
  cell(row, lease.namespace);
  cell(row, lease.pod);
  cell(row, lease.state + (lease.forced ? " (forced)" : "")).className = "state";
  cell(row, lease.keyCount);
  cell(row, time(lease.createdAt));
  const released = lease.releasedAt
    ? time(lease.releasedAt) + " by " + lease.releasedBy + ": " + lease.releaseReason
    : "";
  cell(row, released);
  const action = cell(row, "");
  if (lease.state !== "released") {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "release";
    button.textContent = "Release";
    button.addEventListener("click", () => release(lease.id, false, action));
    action.appendChild(button);
  }
  return row;
}

async function release(id, force, action) {
  if (force && !window.confirm("Release lease " + id + " although its pod may still run?")) {
    return;
  }
  try {
    await api("/api/v1/leases/" + encodeURIComponent(id) + "/release" + (force ? "?force=true" : ""),
      "POST");
    await load("Lease " + id + " released" + (force ? " (forced)." : "."));
  } catch (error) {
    if (error.status !== 409 || force) {
      say(error.message, true);
      return;
    }
    action.replaceChildren();
    const note = document.createElement("span");
    note.className = "note";
    note.textContent = error.message;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "force-release";
    button.textContent = "Force release";
    button.addEventListener("click", () => release(id, true, action));
    action.append(note, button);
  }
}

async function loadLeases(append) {
  const state = $("lease-state").value;
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state) query.set("state", state);
  if (append && nextLeases) query.set("cursor", nextLeases);
  const page = await api("/api/v1/leases?" + query);
  const body = $("leases").tBodies[0];
  if (!append) body.replaceChildren();
  page.items.forEach((lease) => body.appendChild(leaseRow(lease)));
  nextLeases = page.next;
  $("more-leases").hidden = !page.next;
}

async function loadDeposits() {
  const body = $("deposits").tBodies[0];
  body.replaceChildren();
  try {
    const page = await api("/api/v1/deposits?limit=" + PAGE_SIZE);
    $("deposits-note").hidden = true;
    $("deposits").hidden = false;
    for (const deposit of page.items) {
      const row = document.createElement("tr");
      cell(row, short(deposit.pubkey), "mono").title = deposit.pubkey;
      cell(row, deposit.pool);
      cell(row, deposit.state);
      cell(row, short(deposit.txHash), "mono").title = deposit.txHash || "";
      cell(row, deposit.block);
      cell(row, deposit.error);
      cell(row, time(deposit.updatedAt));
      body.appendChild(row);
    }
  } catch (error) {
    if (error.status !== 501) throw error;
    $("deposits").hidden = true;
    $("deposits-note").hidden = false;
    $("deposits-note").textContent = "This Valet does not track deposits.";
  }
}

async function loadEvents() {
  const page = await api("/api/v1/events?limit=25");
  const body = $("events").tBodies[0];
  body.replaceChildren();
  for (const event of page.items) {
    const row = document.createElement("tr");
    cell(row, time(event.at));
    cell(row, event.kind);
    cell(row, event.actor);
    cell(row, event.pool);
    cell(row, event.namespace);
    cell(row, event.pod);
    cell(row, short(event.lease), "mono").title = event.lease || "";
    body.appendChild(row);
  }
}

async function load(done) {
  try {
    renderPools(await api("/api/v1/pools"));
    await Promise.all([loadLeases(false), loadDeposits(), loadEvents()]);
    showSession(true);
    say(done || "Updated " + new Date().toLocaleTimeString() + ".");
  } catch (error) {
    if (error.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSession(false);
    }
    say(error.message, true);
  }
}

function showSession(signedIn) {
  $("token-form").hidden = signedIn;
  $("session").hidden = !signedIn;
  $("content").hidden = !signedIn;
}

function start() {
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    load();
  });
  $("forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showSession(false);
    say("Token forgotten.");
  });
  $("refresh").addEventListener("click", () => load());
  const failed = (error) => say(error.message, true);
  $("lease-state").addEventListener("change", () => loadLeases(false).catch(failed));
  $("more-leases").addEventListener("click", () => loadLeases(true).catch(failed));
  if (sessionStorage.getItem(TOKEN_KEY)) {
    load();
  } else {
    showSession(false);
    say("Enter a bearer token to see pools, leases, deposits and events.");
  }
}

start();
