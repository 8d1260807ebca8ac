// The dashboard shell: the header (the mock's URL, the live virtual time,
// counts), the theme, the nav and the hash router (#/<page id>). Pages are
// listed in pages/index.js; see the package doc of
// mockserver/internal/dashboard for adding one.

import pages from "./pages/index.js";
import { h, copyButton, fmtTime } from "./dom.js";
import * as api from "./api.js";

const $ = (id) => document.getElementById(id);

// ---- theme: system (prefers-color-scheme), dark or light, remembered ----

const themeKey = "wecom-mock.theme";
const themes = ["system", "dark", "light"];

function applyTheme(name) {
  if (name === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = name;
  $("theme").textContent = "Theme: " + name;
}

function initTheme() {
  let name = "system";
  try { name = localStorage.getItem(themeKey) || "system"; } catch { /* storage off */ }
  if (!themes.includes(name)) name = "system";
  applyTheme(name);
  $("theme").addEventListener("click", () => {
    const current = document.documentElement.dataset.theme || "system";
    const next = themes[(themes.indexOf(current) + 1) % themes.length];
    try { localStorage.setItem(themeKey, next); } catch { /* storage off */ }
    applyTheme(next);
  });
}

// ---- header: virtual time ticking between polls, counts ----

const clock = { at: null, syncedAt: 0, frozen: true };

function showTime() {
  if (!clock.at) return;
  const ms = clock.frozen ? clock.at.getTime() : clock.at.getTime() + (Date.now() - clock.syncedAt);
  const d = new Date(ms);
  $("now").textContent = fmtTime(d);
  $("now").setAttribute("datetime", d.toISOString());
}

function setClock(c) {
  clock.at = new Date(c.now);
  clock.frozen = !!c.frozen;
  clock.syncedAt = Date.now();
  $("frozen").textContent = clock.frozen ? "frozen" : "ticking";
  showTime();
}

async function refreshHeader() {
  try {
    const st = await api.get("/_mock/state");
    setClock({ now: st.now, frozen: st.frozen_clock });
    $("count-corps").textContent = st.counts.corps;
    $("count-members").textContent = st.counts.members;
    $("count-requests").textContent = st.journal;
    $("count-messages").textContent = st.runtime.messages ?? "–";
    $("header-error").hidden = true;
  } catch (err) {
    $("header-error").hidden = false;
    $("header-error").textContent = "The mock does not answer: " + err.message;
  }
}

// ---- router ----

let leave = null;

function route() {
  const hash = location.hash;
  if (hash && !hash.startsWith("#/")) return; // the skip link's #page
  const id = hash.slice(2).split("?")[0];
  const page = pages.find((p) => p.id === id) || pages[0];
  if (leave) { try { leave(); } catch { /* a page's cleanup failed */ } }
  leave = null;
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.page === page.id) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = page.title + " · wecom-mock dashboard";
  const main = $("page");
  const section = h("section", { class: "page", id: "page-" + page.id, "aria-labelledby": "title-" + page.id });
  main.replaceChildren(section);
  const cleanup = page.render(section, { refreshHeader, setClock });
  if (typeof cleanup === "function") leave = cleanup;
}

function boot() {
  initTheme();
  const url = location.origin + api.base;
  $("mock-url").textContent = url;
  $("copy-url").replaceWith(copyButton(url, "the mock's URL"));
  $("skip").addEventListener("click", (ev) => {
    ev.preventDefault(); // keep the route in the URL
    $("page").focus();
  });
  $("nav").replaceChildren(...pages.map((p) =>
    h("li", {}, h("a", { href: "#/" + p.id, dataset: { page: p.id } }, p.title))));
  window.addEventListener("hashchange", route);
  route();
  refreshHeader();
  setInterval(showTime, 1000);
  setInterval(refreshHeader, 3000);
}

boot();
