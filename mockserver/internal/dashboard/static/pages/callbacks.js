// Callbacks: the deliveries journal (GET /_mock/callbacks), newest first,
// filtered by corp, receiver, kind and status; a delivery opens its
// attempts (status, latency, error, the receiver's answer), the decrypted
// XML it carried and the passive reply. "Re-deliver" sends the same event
// again as a new delivery (POST /_mock/callbacks/{id}/redeliver). Below,
// the configured receivers (GET /_mock/callbacks/config), each with a
// probe (POST /_mock/callbacks/probe) that grades it. Polled every 2 s
// while the page is visible.

import { h, add, clear, fmtTime, table, status } from "../dom.js";
import * as api from "../api.js";

const statuses = ["", "pending", "delivered", "failed", "canceled"];
const receivers = [["", "Any receiver"], ["app", "App"], ["contacts", "Contact sync"], ["suite", "Suite"]];

function who(d) {
  if (d.receiver === "suite") return "suite " + d.suiteid;
  if (d.receiver === "contacts") return d.corpid + " contact sync";
  return d.corpid + " app " + d.agentid;
}

function statusPill(s) {
  return h("span", { class: "pill st-" + s }, s);
}

function attemptsTable(d) {
  if (!d.attempts.length) return h("p", {}, "No attempt yet.");
  return table("Attempts (time virtual, latency real)", ["#", "Time", "HTTP", "Latency", "Error", "Answer"], d.attempts.map((a) => [
    String(a.n), fmtTime(a.time), a.status ? String(a.status) : "none", a.latency_ms.toFixed(1) + " ms", a.error || "",
    h("pre", { class: "answer" }, a.response || ""),
  ]), { class: "attempts" });
}

export default {
  id: "callbacks",
  title: "Callbacks",
  render(main) {
    const st = status();
    const f = { corpid: "", receiver: "", kind: "", status: "" };
    let deliveries = [];
    let selected = null;
    let lastText = "";
    const body = h("tbody", { id: "callbacks-body" });
    const count = h("span", { id: "callbacks-shown" }, "0");
    const aside = h("aside", { class: "detail-pane", "aria-live": "polite" }, h("p", { class: "hint" }, "Pick a delivery to see it."));
    const configs = h("div", { id: "receivers" });

    const redeliver = async (d) => {
      try {
        const n = await api.send("POST", "/_mock/callbacks/" + encodeURIComponent(d.id) + "/redeliver");
        st.ok("Re-delivering " + d.id + " as " + n.id + ".");
        selected = n.id;
        await load(true);
      } catch (err) { st.fail(err); }
    };

    const detail = (d) => h("div", { class: "detail", id: "callback-detail", tabindex: "-1", "aria-labelledby": "cb-detail-title" },
      h("h2", { id: "cb-detail-title" }, d.id, " ", d.kind, " ", statusPill(d.status)),
      h("dl", { class: "pairs" },
        h("dt", {}, "Receiver"), h("dd", {}, who(d)),
        h("dt", {}, "URL"), h("dd", {}, h("code", {}, d.url)),
        h("dt", {}, "Made (virtual)"), h("dd", {}, fmtTime(d.time)),
        d.error ? [h("dt", {}, "Error"), h("dd", { class: "bad" }, d.error)] : null),
      h("p", { class: "buttons" }, h("button", { type: "button", id: "redeliver", onclick: () => redeliver(d) }, "Re-deliver")),
      attemptsTable(d),
      h("h3", {}, "Decrypted XML (what the receiver should read)"),
      h("pre", { class: "xml", id: "callback-plaintext" }, d.plaintext || ""),
      d.reply || d.reply_error ? [h("h3", {}, "Passive reply (decrypted)"),
        d.reply ? h("pre", { class: "xml" }, d.reply) : null,
        d.reply_error ? h("p", { class: "error" }, d.reply_error) : null] : null);

    const row = (d) => {
      const open = h("button", { type: "button", class: "link", "aria-controls": "callback-detail" }, d.id);
      open.addEventListener("click", () => {
        selected = d.id;
        redraw();
        const el = aside.querySelector(".detail");
        if (el) el.focus();
      });
      const last = d.attempts[d.attempts.length - 1];
      const tr = h("tr", { class: d.status === "failed" ? "bad" : "", dataset: { id: d.id } },
        h("td", {}, open), h("td", { class: "nowrap" }, fmtTime(d.time).slice(11, 19)), h("td", {}, d.kind), h("td", {}, who(d)),
        h("td", {}, statusPill(d.status)), h("td", { class: "num" }, String(d.attempts.length)),
        h("td", { class: "num" }, last ? last.latency_ms.toFixed(1) : ""));
      if (d.id === selected) tr.setAttribute("aria-selected", "true");
      return tr;
    };
    const redraw = () => {
      body.replaceChildren(...deliveries.map(row));
      count.textContent = String(deliveries.length);
      const d = deliveries.find((x) => x.id === selected);
      if (d) aside.replaceChildren(detail(d));
    };
    const load = async (force) => {
      const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
      const j = await api.get("/_mock/callbacks" + (q.size ? "?" + q : ""));
      const text = JSON.stringify(j.callbacks);
      if (!force && text === lastText) return;
      lastText = text;
      deliveries = j.callbacks.slice().reverse();
      redraw();
    };

    const probe = async (c, out, b) => {
      b.disabled = true;
      clear(out);
      add(out, h("p", { class: "status" }, "Probing " + c.url + "…"));
      try {
        const r = await api.send("POST", "/_mock/callbacks/probe", { corpid: c.corpid, agentid: c.agentid });
        clear(out);
        add(out, h("p", { class: r.passed ? "status ok" : "status error" }, r.passed ? "All checks passed." : "Some checks failed."),
          table(null, ["Check", "", "Rule", "What it did"], r.checks.map((k) => [
            h("code", {}, k.name), h("span", { class: k.passed ? "pass" : "fail" }, k.passed ? "PASS" : "FAIL"), k.rule, k.detail,
          ]), { class: "probe" }));
      } catch (err) {
        clear(out);
        add(out, h("p", { class: "status error" }, err.message));
      } finally { b.disabled = false; }
    };
    const loadConfigs = async () => {
      const { callbacks: list } = await api.get("/_mock/callbacks/config");
      clear(configs);
      if (!list.length) { add(configs, h("p", {}, "No receiver configured (PUT /_mock/callbacks/config, or callback: in the fixtures).")); return; }
      add(configs, list.map((c) => {
        const out = h("div", { class: "probe-out", "aria-live": "polite" });
        const b = h("button", { type: "button", class: "small probe-btn", "aria-label": "Probe the receiver of " + c.corpid + " " + c.agentid }, "Probe");
        b.addEventListener("click", () => probe(c, out, b));
        return h("div", { class: "receiver" },
          h("p", {}, h("strong", {}, c.corpid), " ", c.agentid ? "app " + c.agentid : "contact sync (agentid 0)", " ", h("code", {}, c.url), " ", b),
          out);
      }));
    };

    const input = (name, label, hint) => {
      const id = "cb-filter-" + name;
      const el = h("input", { id, name, type: "search", autocomplete: "off", placeholder: hint });
      el.addEventListener("change", () => { f[name] = el.value.trim(); load(true).catch((err) => st.fail(err)); });
      return h("p", {}, h("label", { for: id }, label), " ", el);
    };
    const select = (name, label, options) => {
      const id = "cb-filter-" + name;
      const el = h("select", { id, name }, options.map(([v, t]) => h("option", { value: v }, t)));
      el.addEventListener("change", () => { f[name] = el.value; load(true).catch((err) => st.fail(err)); });
      return h("p", {}, h("label", { for: id }, label), " ", el);
    };
    const clearBtn = h("button", { type: "button", id: "clear-callbacks" }, "Clear journal");
    clearBtn.addEventListener("click", async () => {
      try {
        await api.send("DELETE", "/_mock/callbacks");
        selected = null;
        aside.replaceChildren(h("p", { class: "hint" }, "Pick a delivery to see it."));
        await load(true);
        st.ok("Deliveries journal cleared.");
      } catch (err) { st.fail(err); }
    });

    add(main,
      h("h1", { id: "title-callbacks" }, "Callbacks"),
      h("form", { class: "filters", role: "search", onsubmit: (ev) => ev.preventDefault() },
        input("corpid", "corpid", "wwmockcorp000001"),
        select("receiver", "Receiver", receivers),
        input("kind", "Kind", "change_contact, template_card_event"),
        select("status", "Status", statuses.map((s) => [s, s || "Any status"])),
        clearBtn),
      st.el,
      h("div", { class: "split" },
        h("div", { class: "scroll" },
          h("table", { class: "requests callbacks" },
            h("caption", {}, "Deliveries, newest first (virtual time, UTC); ", count, " shown"),
            h("thead", {}, h("tr", {}, ["id", "Time", "Kind", "Receiver", "Status", "Attempts", "ms"].map((t) => h("th", { scope: "col" }, t)))),
            body)),
        aside),
      h("section", { "aria-labelledby": "receivers-title" },
        h("h2", { id: "receivers-title" }, "Receivers"),
        h("p", { class: "hint" }, "A probe grades a receiver as WeCom exercises it: URL verification, refusing a bad signature and a wrong receiveid, answering in time, a duplicate."),
        configs));

    load(true).catch((err) => st.fail(err));
    loadConfigs().catch((err) => st.fail(err));
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") load(false).catch((err) => st.fail(err));
    }, 2000);
    return () => clearInterval(timer);
  },
};
