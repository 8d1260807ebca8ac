// Clock and faults: the virtual clock (advance by a preset or any Go
// duration, freeze and unfreeze), the faults (/_mock/faults) and the stubs
// (/_mock/stubs): list, add, remove.

import { h, add, clear, fmtTime, table, status } from "../dom.js";
import * as api from "../api.js";

const presets = [["1m", "+1 min"], ["5m", "+5 min"], ["2h", "+2 h"], ["24h", "+1 day"]];

function field(id, label, attrs) {
  return h("p", { class: "field" }, h("label", { for: id }, label), " ", h("input", { id, name: id, ...attrs }));
}

function numberOrUndefined(v) {
  const s = String(v).trim();
  return s === "" ? undefined : Number(s);
}

export default {
  id: "clock",
  title: "Clock and faults",
  render(main, ctx) {
    const st = status();
    const now = h("time", { id: "clock-now" }, "…");
    const mode = h("span", { class: "pill", id: "clock-mode" });
    const freeze = h("button", { type: "button", id: "clock-freeze" }, "Freeze");
    const faults = h("div", { id: "faults" });
    const stubs = h("div", { id: "stubs" });

    const showClock = (c) => {
      now.textContent = fmtTime(c.now);
      now.setAttribute("datetime", c.now);
      mode.textContent = c.frozen ? "frozen" : "ticking";
      freeze.textContent = c.frozen ? "Unfreeze" : "Freeze";
      freeze.dataset.frozen = String(!!c.frozen);
      ctx.setClock(c);
    };
    const act = async (what, fn) => {
      try {
        await fn();
        st.ok(what);
      } catch (err) { st.fail(err); }
    };
    const advance = (duration) => act("Advanced " + duration + ".", async () =>
      showClock(await api.send("POST", "/_mock/clock/advance", { duration })));

    freeze.addEventListener("click", () => {
      const frozen = freeze.dataset.frozen === "true";
      act(frozen ? "Clock ticking." : "Clock frozen.", async () =>
        showClock(await api.send("POST", frozen ? "/_mock/clock/unfreeze" : "/_mock/clock/freeze")));
    });

    const custom = h("input", { id: "advance-by", name: "duration", placeholder: "90s, 1h30m, 7201s", required: true, autocomplete: "off" });
    const customForm = h("form", { class: "inline" },
      h("label", { for: "advance-by" }, "Advance by"), " ", custom, " ",
      h("button", { type: "submit", id: "advance-custom" }, "Advance"));
    customForm.addEventListener("submit", (ev) => { ev.preventDefault(); advance(custom.value.trim()); });

    // faultKind says what a fault does besides an errcode, and to which share of calls.
    const faultKind = (f) => [
      f.kind || "",
      f.status ? String(f.status) : "",
      f.bytes_per_second ? f.bytes_per_second + " B/s" : "",
      f.agentid ? "app " + f.agentid : "",
      f.probability ? Math.round(f.probability * 1000) / 10 + "% (seed " + (f.seed || 0) + ")" : "",
    ].filter(Boolean).join(" ");
    const loadFaults = async () => {
      const { faults: list } = await api.get("/_mock/faults");
      clear(faults);
      if (!list.length) { add(faults, h("p", {}, "No faults.")); return; }
      add(faults, table(null, ["id", "Path", "corpid", "Kind", "errcode", "errmsg", "HTTP status", "Left", "Delay", ""], list.map((f) => {
        const rm = h("button", { type: "button", class: "small", "aria-label": "Remove fault " + f.id }, "Remove");
        rm.addEventListener("click", () => act("Fault removed.", async () => {
          await api.send("DELETE", "/_mock/faults/" + encodeURIComponent(f.id));
          await loadFaults();
        }));
        return [f.id, h("code", {}, f.path), f.corpid || "any", faultKind(f), String(f.errcode), f.errmsg || "", f.http_status ? String(f.http_status) : "",
          f.times === 0 ? "until removed" : f.remaining + " of " + f.times, f.delay_ms ? f.delay_ms + " ms" : "", rm];
      }), { class: "faults" }));
    };
    const loadStubs = async () => {
      const { stubs: list } = await api.get("/_mock/stubs");
      clear(stubs);
      if (!list.length) { add(stubs, h("p", {}, "No stubs.")); return; }
      add(stubs, table(null, ["id", "Path", "corpid", "Match", "Response", "Left", "Hits", ""], list.map((s) => {
        const rm = h("button", { type: "button", class: "small", "aria-label": "Remove stub " + s.id }, "Remove");
        rm.addEventListener("click", () => act("Stub removed.", async () => {
          await api.send("DELETE", "/_mock/stubs/" + encodeURIComponent(s.id));
          await loadStubs();
        }));
        return [s.id, h("code", {}, s.path), s.corpid || "any", h("code", {}, JSON.stringify(s.match || {})),
          h("code", {}, JSON.stringify(s.response ?? {})), s.times === 0 ? "until removed" : (s.remaining ?? 0) + " of " + s.times,
          String(s.hits), rm];
      }), { class: "stubs" }));
    };

    const faultForm = h("form", { class: "grid", id: "fault-form" },
      field("fault-path", "Path", { required: true, placeholder: "/cgi-bin/user/get or *", autocomplete: "off" }),
      field("fault-errcode", "errcode", { type: "number", value: "45009" }),
      field("fault-errmsg", "errmsg (optional)", { autocomplete: "off" }),
      field("fault-times", "Times (0: until removed)", { type: "number", min: "0", value: "1" }),
      field("fault-delay", "Delay ms", { type: "number", min: "0", value: "0" }),
      field("fault-status", "HTTP status instead", { type: "number", min: "0", placeholder: "502" }),
      field("fault-corpid", "corpid (optional)", { autocomplete: "off" }),
      h("p", {}, h("button", { type: "submit", id: "fault-add" }, "Add fault")));
    faultForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const v = (id) => document.getElementById(id).value;
      const body = {
        path: v("fault-path").trim(), errcode: numberOrUndefined(v("fault-errcode")) ?? 0,
        times: numberOrUndefined(v("fault-times")) ?? 1, delay_ms: numberOrUndefined(v("fault-delay")),
        http_status: numberOrUndefined(v("fault-status")), errmsg: v("fault-errmsg") || undefined,
        corpid: v("fault-corpid").trim() || undefined,
      };
      act("Fault added.", async () => { await api.send("POST", "/_mock/faults", body); await loadFaults(); });
    });
    const clearFaults = h("button", { type: "button", id: "faults-clear" }, "Remove all faults");
    clearFaults.addEventListener("click", () => act("Faults removed.", async () => {
      await api.send("DELETE", "/_mock/faults"); await loadFaults();
    }));

    const stubForm = h("form", { class: "grid", id: "stub-form" },
      field("stub-path", "Path", { required: true, placeholder: "/cgi-bin/oa/getapprovalinfo", autocomplete: "off" }),
      field("stub-corpid", "corpid (optional)", { autocomplete: "off" }),
      field("stub-times", "Times (0: until removed)", { type: "number", min: "0", value: "0" }),
      h("p", { class: "field wide" }, h("label", { for: "stub-response" }, "Response (JSON object, merged over errcode 0)"), " ",
        h("textarea", { id: "stub-response", rows: "3", spellcheck: "false" }, '{"sp_no_list": []}')),
      h("p", { class: "field wide" }, h("label", { for: "stub-match" }, "Match (optional JSON: {\"query\":{…},\"body\":{…}})"), " ",
        h("textarea", { id: "stub-match", rows: "2", spellcheck: "false" })),
      h("p", {}, h("button", { type: "submit", id: "stub-add" }, "Add stub")));
    stubForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const v = (id) => document.getElementById(id).value;
      act("Stub added.", async () => {
        const parse = (id, what) => {
          const s = v(id).trim();
          if (!s) return undefined;
          try { return JSON.parse(s); } catch (err) { throw new Error(what + " is not JSON: " + err.message); }
        };
        await api.send("POST", "/_mock/stubs", {
          path: v("stub-path").trim(), corpid: v("stub-corpid").trim() || undefined,
          times: numberOrUndefined(v("stub-times")) ?? 0,
          response: parse("stub-response", "Response"), match: parse("stub-match", "Match"),
        });
        await loadStubs();
      });
    });
    const clearStubs = h("button", { type: "button", id: "stubs-clear" }, "Remove all stubs");
    clearStubs.addEventListener("click", () => act("Stubs removed.", async () => {
      await api.send("DELETE", "/_mock/stubs"); await loadStubs();
    }));

    add(main,
      h("h1", { id: "title-clock" }, "Clock and faults"),
      st.el,
      h("section", { "aria-labelledby": "clock-title" },
        h("h2", { id: "clock-title" }, "Virtual clock"),
        h("p", { class: "big" }, now, " ", mode),
        h("p", { class: "buttons" }, presets.map(([d, label]) => {
          const b = h("button", { type: "button", id: "advance-" + d }, label);
          b.addEventListener("click", () => advance(d));
          return b;
        }), freeze),
        customForm),
      h("section", { "aria-labelledby": "faults-title" },
        h("h2", { id: "faults-title" }, "Faults"),
        h("p", { class: "hint" }, "A fault answers the next calls of a path with an errcode, an HTTP status or a delay; reset, gateway, truncated and slow faults are added through the control API."),
        faults, faultForm, clearFaults),
      h("section", { "aria-labelledby": "stubs-title" },
        h("h2", { id: "stubs-title" }, "Stubs"),
        h("p", { class: "hint" }, "A stub answers the calls of a path that match with the JSON you give."),
        stubs, stubForm, clearStubs));

    api.get("/_mock/clock").then(showClock).catch((err) => st.fail(err));
    loadFaults().catch((err) => st.fail(err));
    loadStubs().catch((err) => st.fail(err));
    const timer = setInterval(() => api.get("/_mock/clock").then(showClock).catch(() => {}), 5000);
    return () => clearInterval(timer);
  },
};
