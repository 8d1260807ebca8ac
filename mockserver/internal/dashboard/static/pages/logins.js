// Logins and tokens: the tokens and login codes valid now on the virtual
// clock (GET /_mock/credentials, values masked to a prefix), with their
// remaining lifetime; minting a login code for a member (POST
// /_mock/codes, shown whole with a copy button); the QR logins in progress
// (GET /_mock/qrlogins) with scan, confirm and cancel. Polled every 2 s
// while the page is visible, so moving the clock shows at once.

import { h, add, clear, fmtTime, table, status, secret } from "../dom.js";
import * as api from "../api.js";

// left writes seconds as "1 h 59 min 40 s".
function left(s) {
  if (s <= 0) return "expired";
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return [hh ? hh + " h" : "", mm ? mm + " min" : "", ss || (!hh && !mm) ? ss + " s" : ""].filter(Boolean).join(" ");
}

function remaining(s, at) {
  return h("span", { class: s < 300 ? "soon" : "", title: "until " + fmtTime(at) }, left(s));
}

function section(id, title, hint, ...content) {
  return h("section", { "aria-labelledby": id + "-title" }, h("h2", { id: id + "-title" }, title),
    hint ? h("p", { class: "hint" }, hint) : null, content);
}

export default {
  id: "logins",
  title: "Logins and tokens",
  render(main) {
    const st = status();
    const now = h("time", { id: "logins-now" }, "…");
    const tokens = h("div", { id: "tokens" });
    const codes = h("div", { id: "codes" });
    const qr = h("div", { id: "qrlogins" });
    const minted = h("div", { id: "minted", "aria-live": "polite" });
    let world = { corps: [] };
    let lastCred = "";
    let lastQR = "";
    const picked = new Map(); // QR login key → the member picked to scan, kept across polls

    const loadCredentials = async (force) => {
      const c = await api.get("/_mock/credentials");
      now.textContent = fmtTime(c.now);
      now.setAttribute("datetime", c.now);
      const text = JSON.stringify(c);
      if (!force && text === lastCred) return;
      lastCred = text;
      clear(tokens);
      const none = (what) => h("p", { class: "empty" }, "No live " + what + ".");
      add(tokens,
        c.access_tokens.length ? table("access_token (gettoken; get_corp_token for a suite's install)", ["corpid", "Secret", "App", "Token", "Expires in"],
          c.access_tokens.map((t) => [t.corpid, t.secret_kind, t.suiteid ? "suite " + t.suiteid + " app " + t.agentid : t.agentid ? String(t.agentid) : "",
            h("code", {}, t.token), remaining(t.expires_in, t.expires_at)]), { class: "tokens", id: "access-tokens" }) : none("access tokens"),
        c.suite_tokens.length ? table("suite_access_token", ["Suite", "Token", "Expires in"],
          c.suite_tokens.map((t) => [t.suiteid, h("code", {}, t.token), remaining(t.expires_in, t.expires_at)]), { class: "tokens" }) : null,
        c.provider_tokens.length ? table("provider_access_token", ["Provider corpid", "Token", "Expires in"],
          c.provider_tokens.map((t) => [t.corpid, h("code", {}, t.token), remaining(t.expires_in, t.expires_at)]), { class: "tokens" }) : null);
      clear(codes);
      add(codes, c.codes.length
        ? table(c.codes_total > c.codes.length ? "Newest " + c.codes.length + " of " + c.codes_total : null, ["Kind", "corpid", "App", "Who", "Code", "Expires in"],
          c.codes.map((k) => [k.kind, k.corpid, k.agentid ? String(k.agentid) : k.appid || "", k.userid || (k.openid ? "visitor " + k.openid : "visitor"),
            h("code", {}, k.code), remaining(k.expires_in, k.expires_at)]), { class: "tokens", id: "code-list" })
        : none("login codes"));
    };

    const qrAction = async (q, what, body) => {
      try {
        await api.send("POST", "/_mock/qrlogins/" + encodeURIComponent(q.key) + "/" + what, body);
        st.ok("QR login " + q.key.slice(0, 8) + "…: " + what + ".");
        await loadQR(true);
        await loadCredentials(true);
      } catch (err) { st.fail(err); }
    };
    const members = (corpid) => ((world.corps.find((c) => c.corpid === corpid) || {}).members || []);
    const loadQR = async (force) => {
      const { qrlogins: list } = await api.get("/_mock/qrlogins");
      const text = JSON.stringify(list);
      if (!force && text === lastQR) return;
      lastQR = text;
      clear(qr);
      const live = list.filter((q) => q.status === "waiting" || q.status === "scanned" || q.status === "confirmed");
      if (!live.length) { add(qr, h("p", { class: "empty" }, "No QR login in progress. The login page (/wwlogin/sso/login) starts one.")); return; }
      add(qr, table(null, ["Key", "corpid", "App", "Status", "Who", "Left", "Actions"], live.map((q) => {
        const sel = h("select", { "aria-label": "Member who scans" }, members(q.corpid).map((m) => h("option", { value: m.userid }, m.name + " (" + m.userid + ")")));
        if (picked.has(q.key)) sel.value = picked.get(q.key);
        sel.addEventListener("change", () => picked.set(q.key, sel.value));
        const btn = (label, fn, enabled) => h("button", { type: "button", class: "small", disabled: !enabled, onclick: fn }, label);
        const actions = q.status === "confirmed"
          ? [h("small", {}, "code "), secret(q.code, "the login code"), " ", h("code", {}, q.redirect_url || "")]
          : [sel, " ", btn("Scan", () => qrAction(q, "scan", { userid: sel.value }), q.status === "waiting"), " ",
            btn("Confirm", () => qrAction(q, "confirm"), q.status === "scanned"), " ",
            btn("Cancel", () => qrAction(q, "cancel"), true)];
        return [h("code", {}, q.key.slice(0, 12) + "…"), q.corpid, q.suite_id ? "suite " + q.suite_id : String(q.agentid), h("span", { class: "pill" }, q.status),
          q.name || q.userid || q.openid || "", left(q.expires_in), h("span", { class: "qr-actions" }, actions)];
      }), { class: "qr" }));
    };

    // The mint form: corp, app and member pickers from the live world.
    const corpSel = h("select", { id: "mint-corp", name: "corpid" });
    const appSel = h("select", { id: "mint-agent", name: "agentid" });
    const userSel = h("select", { id: "mint-user", name: "userid" });
    const kindSel = h("select", { id: "mint-kind", name: "kind" },
      [["miniprogram", "miniprogram (wx.qy.login)"], ["oauth", "oauth (网页授权)"], ["qrcode", "qrcode (扫码登录)"]].map(([v, t]) => h("option", { value: v }, t)));
    const fillCorp = () => {
      const corp = world.corps.find((c) => c.corpid === corpSel.value) || { apps: [], members: [] };
      appSel.replaceChildren(...(corp.apps || []).map((a) => h("option", { value: String(a.agentid) }, a.name + " (" + a.agentid + ")")));
      userSel.replaceChildren(...(corp.members || []).map((m) => h("option", { value: m.userid }, m.name + " (" + m.userid + ")")));
    };
    corpSel.addEventListener("change", fillCorp);
    const field = (id, label, el) => h("p", { class: "field" }, h("label", { for: id }, label), el);
    const form = h("form", { class: "grid", id: "mint-form" },
      field("mint-kind", "Kind", kindSel), field("mint-corp", "Corp", corpSel), field("mint-agent", "App", appSel),
      field("mint-user", "Member", userSel), h("p", {}, h("button", { type: "submit", id: "mint" }, "Mint code")));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const r = await api.send("POST", "/_mock/codes", {
          kind: kindSel.value, corpid: corpSel.value, agentid: Number(appSel.value) || undefined, userid: userSel.value,
        });
        clear(minted);
        add(minted, h("p", { class: "status ok" }, kindSel.value + " code for " + userSel.value + ", valid " + left(r.expires_in) + ": "),
          h("p", { id: "minted-code" }, secret(r.code, "the login code")));
        await loadCredentials(true);
      } catch (err) {
        clear(minted);
        add(minted, h("p", { class: "status error" }, err.message));
      }
    });

    add(main,
      h("h1", { id: "title-logins" }, "Logins and tokens"),
      h("p", {}, "Virtual time ", now, h("small", {}, " — lifetimes count on the virtual clock (Clock page).")),
      st.el,
      section("tokens", "Tokens", "Values are masked to their first 8 characters: your app holds the whole ones.", tokens),
      section("codes", "Login codes", "Unspent codes; a code is spent once, within 5 minutes.", codes),
      section("mint", "Mint a code", "As the WeCom client would obtain one for the member: redeem it at jscode2session (miniprogram) or auth/getuserinfo (oauth, qrcode).", form, minted),
      section("qr", "QR logins in progress", "Play the phone: scan as a member, confirm or cancel.", qr));

    api.get("/_mock/world").then((w) => {
      world = w;
      corpSel.replaceChildren(...w.corps.map((c) => h("option", { value: c.corpid }, (c.name || c.corpid) + " (" + c.corpid + ")")));
      fillCorp();
    }).then(() => loadQR(true)).catch((err) => st.fail(err));
    loadCredentials(true).catch((err) => st.fail(err));
    const timer = setInterval(() => {
      if (document.visibilityState !== "visible") return;
      loadCredentials(false).catch((err) => st.fail(err));
      loadQR(false).catch((err) => st.fail(err));
    }, 2000);
    return () => clearInterval(timer);
  },
};
