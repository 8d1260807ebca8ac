// Requests: the journal, newest first, live over server-sent events
// (GET /_mock/requests/stream), filtered by path, method, errcode and corp.
// A row opens the call as the journal keeps it: the request's headers,
// query and body, the answer's status, headers and body (secrets masked,
// JSON pretty-printed), and for a path nothing serves, the nearest API
// paths.

import { h, add, clear, fmtTime, status } from "../dom.js";
import * as api from "../api.js";

const maxRows = 1000; // what the page keeps; the journal keeps its own size

function matches(e, f) {
  if (f.path && !e.path.toLowerCase().includes(f.path.toLowerCase())) return false;
  if (f.method && e.method !== f.method) return false;
  if (f.errcode !== "") {
    if (f.errcode === "error") { if (!e.errcode) return false; }
    else if (String(e.errcode ?? "") !== f.errcode) return false;
  }
  if (f.corpid && !(e.corpid || "").toLowerCase().includes(f.corpid.toLowerCase())) return false;
  return true;
}

function queryRows(q) {
  if (!q) return [h("p", { class: "hint" }, "No query.")];
  return [h("dl", { class: "pairs" }, q.split("&").map((p) => {
    const [k, ...v] = p.split("=");
    const dec = (s) => { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch { return s; } };
    return [h("dt", {}, dec(k)), h("dd", {}, h("code", {}, dec(v.join("="))))];
  }))];
}

function headerRows(hs) {
  const names = Object.keys(hs || {}).sort();
  if (names.length === 0) return [h("p", { class: "hint" }, "No headers.")];
  return [h("dl", { class: "pairs headers" }, names.map((k) =>
    [h("dt", {}, k), h("dd", {}, h("code", {}, hs[k].join(", ")))]))];
}

// pretty is a body as text: JSON indented when it parses, as sent otherwise
// (a clipped body does not parse and is shown as it is).
function pretty(body) {
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch { return body; }
}

function bodyBlock(id, body) {
  if (!body) return h("p", { class: "hint", id }, "No body.");
  return h("pre", { class: "body", id }, pretty(body));
}

function detail(e) {
  const ok = e.errcode === 0 || (e.errcode == null && e.status < 400);
  const trimmed = e.trimmed
    ? h("p", { class: "hint" }, "The journal dropped this call's headers and bodies to stay within its byte budget.")
    : null;
  const unmatched = e.unmatched
    ? h("div", { class: "unmatched" },
      h("p", {}, "No API or page answers this path (WeCom gives an empty 404)."),
      e.did_you_mean && e.did_you_mean.length
        ? h("p", {}, "Did you mean ", e.did_you_mean.map((p, i) => [i ? ", " : "", h("code", {}, p)]), "?")
        : null)
    : null;
  return h("div", { class: "detail", id: "request-detail", tabindex: "-1", "aria-labelledby": "detail-title" },
    h("h2", { id: "detail-title" }, e.method, " ", e.path),
    unmatched, trimmed,
    h("h3", {}, "Request"),
    h("dl", { class: "pairs" },
      h("dt", {}, "Time (virtual)"), h("dd", {}, fmtTime(e.time)),
      h("dt", {}, "Corp"), h("dd", {}, e.corpid || "unknown"),
      h("dt", {}, "App"), h("dd", {}, e.agentid ? String(e.agentid) : "unknown")),
    h("h4", {}, "Query (secrets masked)"), queryRows(e.query),
    h("h4", {}, "Headers"), headerRows(e.request_headers),
    h("h4", {}, "Body"), bodyBlock("request-body", e.request_body),
    h("h3", {}, "Response"),
    h("dl", { class: "pairs" },
      h("dt", {}, "HTTP status"), h("dd", {}, String(e.status)),
      h("dt", {}, "errcode"), h("dd", { class: ok ? "" : "bad" }, e.errcode == null ? "none (no JSON answer)" : String(e.errcode)),
      h("dt", {}, "Duration"), h("dd", {}, e.duration_ms + " ms")),
    h("h4", {}, "Headers"), headerRows(e.response_headers),
    h("h4", {}, "Body"), bodyBlock("response-body", e.response_body));
}

export default {
  id: "requests",
  title: "Requests",
  render(main, ctx) {
    const st = status();
    const f = { path: "", method: "", errcode: "", corpid: "" };
    let entries = []; // newest first
    let selected = null;
    const body = h("tbody", { id: "requests-body" });
    const live = h("span", { class: "pill", id: "stream-state" }, "connecting");
    const aside = h("aside", { class: "detail-pane", "aria-live": "polite" }, h("p", { class: "hint" }, "Pick a request to see it."));
    const count = h("span", { id: "requests-shown" }, "0");

    const row = (e) => {
      const open = h("button", { type: "button", class: "link", "aria-controls": "request-detail" }, e.path);
      open.addEventListener("click", () => {
        selected = e;
        for (const tr of body.querySelectorAll("tr[aria-selected]")) tr.removeAttribute("aria-selected");
        tr.setAttribute("aria-selected", "true");
        const d = detail(e);
        aside.replaceChildren(d);
        d.focus();
      });
      const bad = e.errcode ? "bad" : e.status >= 400 ? "bad" : "";
      const tr = h("tr", { class: bad },
        h("td", { class: "nowrap" }, h("time", { datetime: e.time, title: fmtTime(e.time) }, fmtTime(e.time).slice(11, 19))),
        h("td", { class: "path" }, h("span", { class: "method" }, e.method), " ", open),
        h("td", {}, String(e.status)), h("td", {}, e.errcode == null ? "–" : String(e.errcode)),
        h("td", {}, e.corpid || ""), h("td", { class: "num" }, e.duration_ms.toFixed(2)));
      if (e === selected) tr.setAttribute("aria-selected", "true");
      return tr;
    };
    const redraw = () => {
      const shown = entries.filter((e) => matches(e, f));
      body.replaceChildren(...shown.map(row));
      count.textContent = String(shown.length);
    };
    let headerTimer = null; // the header's counts, once a second at most
    const push = (e) => {
      if (!headerTimer) headerTimer = setTimeout(() => { headerTimer = null; ctx.refreshHeader(); }, 1000);
      entries.unshift(e);
      if (entries.length > maxRows) entries.length = maxRows;
      if (matches(e, f)) {
        body.prepend(row(e));
        while (body.rows.length > maxRows) body.lastChild.remove();
        count.textContent = String(body.rows.length);
      }
    };
    const load = async () => {
      const j = await api.get("/_mock/requests");
      entries = j.requests.slice().reverse().slice(0, maxRows);
      redraw();
    };

    const input = (name, label, hint) => {
      const id = "filter-" + name;
      const el = h("input", { id, name, type: "search", autocomplete: "off", placeholder: hint });
      el.addEventListener("input", () => { f[name] = el.value.trim(); redraw(); });
      return h("p", {}, h("label", { for: id }, label), " ", el);
    };
    const methodSel = h("select", { id: "filter-method", name: "method" },
      ["", "GET", "POST"].map((m) => h("option", { value: m }, m || "any")));
    methodSel.addEventListener("change", () => { f.method = methodSel.value; redraw(); });
    const clearBtn = h("button", { type: "button", id: "clear-requests" }, "Clear journal");
    clearBtn.addEventListener("click", async () => {
      try {
        await api.send("DELETE", "/_mock/requests");
        entries = [];
        selected = null;
        redraw();
        ctx.refreshHeader();
        st.ok("Journal cleared.");
      } catch (err) { st.fail(err); }
    });

    add(main,
      h("h1", { id: "title-requests" }, "Requests ", live),
      h("form", { class: "filters", role: "search", onsubmit: (ev) => ev.preventDefault() },
        input("path", "Path", "/cgi-bin/user/get"),
        h("p", {}, h("label", { for: "filter-method" }, "Method"), " ", methodSel),
        input("errcode", "errcode", "0, 60011 or error"),
        input("corpid", "corpid", "wwmockcorp000001"),
        clearBtn),
      st.el,
      h("div", { class: "split" },
        h("div", { class: "scroll" },
          h("table", { class: "requests" },
            h("caption", {}, "Newest first (virtual time, UTC); ", count, " shown"),
            h("thead", {}, h("tr", {}, ["Time", "Request", "Status", "errcode", "corpid", "ms"]
              .map((t) => h("th", { scope: "col" }, t)))),
            body)),
        aside));

    // Read the journal each time the stream (re)opens: an entry made in
    // between may show twice, never not at all.
    const es = api.stream("/_mock/requests/stream", {
      request: (e) => { push(e); },
      dropped: () => { load().catch((err) => st.fail(err)); },
    }, (s) => {
      live.textContent = s;
      if (s === "live") load().catch((err) => st.fail(err));
    });
    return () => { es.close(); clearTimeout(headerTimer); };
  },
};
