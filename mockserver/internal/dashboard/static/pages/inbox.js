// Inbox: every message the mock received on every channel (GET
// /_mock/messages: app message/send, group robots, app group chats,
// 客户联系), newest first, rendered as the WeCom client shows it
// (message.js), with its recipients. An interactive template card shows
// what each recipient sees now and its buttons: a click plays that
// member's click (POST /_mock/messages/{msgid}/click), which delivers
// template_card_event to the app's callback. Polled every 2 s while the
// page is visible.

import { h, add, clear, fmtTime, status } from "../dom.js";
import * as api from "../api.js";
import * as msg from "../message.js";

const maxShown = 200;
const channels = [["", "All channels"], ["app", "App (message/send)"], ["robot", "Group robot"], ["appchat", "App group chat"], ["external", "客户联系"]];

function matches(m, f) {
  const has = (v, q) => String(v ?? "").toLowerCase().includes(q.toLowerCase());
  if (f.corpid && !has(m.corpid, f.corpid)) return false;
  if (f.to) {
    const who = [...(m.recipients || []), ...(m.external_userid || []), ...(m.chat_id || []), m.sender, m.robot_key];
    if (!who.some((w) => has(w, f.to))) return false;
  }
  return true;
}

function chips(label, list) {
  if (!list || !list.length) return null;
  return h("p", { class: "chips" }, h("small", {}, label, " "), list.map((u) => h("span", { class: "pill" }, u)));
}

export default {
  id: "inbox",
  title: "Inbox",
  render(main, ctx) {
    const st = status();
    const f = { channel: "", corpid: "", to: "" };
    const list = h("div", { id: "inbox-list", class: "inbox" });
    const count = h("span", { id: "inbox-shown" }, "0");
    const answers = new Map(); // msgid → the last click's outcome, kept across polls
    const chosen = new Map(); // msgid/view → the recipient picked in its select
    let messages = [];
    let lastText = "";

    const clickCard = async (m, userid, key, out) => {
      out.className = "status";
      out.textContent = "Clicking as " + userid + "…";
      try {
        const r = await api.send("POST", "/_mock/messages/" + encodeURIComponent(m.msgid) + "/click", { userid, key });
        answers.set(m.msgid, { ok: true, text: userid + " clicked " + (key || "submit") + ": delivery " + r.delivery_id + ", response_code " + r.response_code });
      } catch (err) {
        answers.set(m.msgid, { ok: false, text: "Refused: " + err.message });
      }
      await load(true);
    };

    const cardViews = (m) => {
      const out = h("p", { class: "status click-answer", role: "status" });
      const a = answers.get(m.msgid);
      if (a) { out.className = "status click-answer " + (a.ok ? "ok" : "error"); out.textContent = a.text; }
      const views = m.card.views.map((v, i) => {
        const id = "pick-" + m.msgid + "-" + i;
        const pickKey = m.msgid + "/" + i;
        const sel = h("select", { id, class: "recipient" }, v.userids.map((u) => h("option", { value: u }, u)));
        if (chosen.has(pickKey) && v.userids.includes(chosen.get(pickKey))) sel.value = chosen.get(pickKey);
        sel.addEventListener("change", () => chosen.set(pickKey, sel.value));
        const finished = v.replace_name
          ? h("p", { class: "buttons card-buttons" }, h("button", { type: "button", class: "card-btn", disabled: true }, v.replace_name))
          : null;
        const card = msg.templateCard(v.template_card, finished ? null : (key) => clickCard(m, sel.value, key, out));
        if (finished) {
          for (const b of card.querySelectorAll(".card-buttons")) b.remove();
          card.append(finished);
        }
        return h("div", { class: "card-view" },
          h("p", { class: "view-who" }, h("label", { for: id }, "Seen by (click as) "), sel,
            v.updated_at ? h("small", {}, " updated " + fmtTime(v.updated_at)) : h("small", {}, " as sent")),
          card);
      });
      const clicks = m.card.clicks && m.card.clicks.length
        ? h("details", { class: "clicks" }, h("summary", {}, m.card.clicks.length + " click(s)"),
          h("ul", {}, m.card.clicks.map((c) => h("li", {}, fmtTime(c.time), " ", c.userid, " → ", h("code", {}, c.key || "submit"),
            " response_code ", h("code", {}, c.response_code)))))
        : null;
      return [views, out, clicks];
    };

    const item = (m) => {
      const where = m.channel === "robot" ? "robot " + (m.robot_key || "").slice(0, 8) + "…"
        : m.channel === "appchat" ? "chat " + (m.chat_id || []).join(", ")
          : m.agentid ? "app " + m.agentid : m.api || "";
      return h("article", { class: "msg" + (m.recalled ? " recalled" : ""), id: "msg-" + m.msgid, dataset: { msgid: m.msgid, msgtype: m.msgtype } },
        h("header", { class: "msg-head" },
          h("span", { class: "pill channel" }, m.channel), " ",
          h("strong", {}, m.msgtype), " ",
          h("span", {}, m.corpid), " ", h("span", {}, where), " ",
          h("time", { datetime: m.time }, fmtTime(m.time)), " ",
          m.recalled ? h("span", { class: "pill bad" }, "recalled") : null,
          h("small", { class: "msgid" }, m.msgid)),
        h("div", { class: "bubble" }, m.card ? cardViews(m) : msg.body(m.msgtype, m.body)),
        chips("To", m.recipients),
        chips("Customers", m.external_userid),
        m.sender ? chips("Sent as", [m.sender]) : null,
        chips("Invalid users", m.invaliduser ? m.invaliduser.split("|") : null),
        chips("Invalid departments", m.invalidparty ? m.invalidparty.split("|") : null),
        chips("Invalid tags", m.invalidtag ? m.invalidtag.split("|") : null),
        chips("Dropped (limit)", m.dropped_for));
    };

    const redraw = () => {
      const shown = messages.filter((m) => matches(m, f)).slice(0, maxShown);
      clear(list);
      if (!shown.length) add(list, h("p", { class: "hint" }, messages.length ? "No message matches." : "No messages yet."));
      add(list, shown.map(item));
      count.textContent = String(shown.length);
    };

    const load = async (force) => {
      const q = f.channel ? "?channel=" + encodeURIComponent(f.channel) : "";
      const j = await api.get("/_mock/messages" + q);
      const text = JSON.stringify(j.messages);
      if (!force && text === lastText) return;
      lastText = text;
      messages = j.messages.slice().reverse();
      redraw();
    };

    const channel = h("select", { id: "filter-channel", name: "channel" }, channels.map(([v, t]) => h("option", { value: v }, t)));
    channel.addEventListener("change", () => { f.channel = channel.value; load(true).catch((err) => st.fail(err)); });
    const input = (name, label, hint) => {
      const id = "inbox-" + name;
      const el = h("input", { id, name, type: "search", autocomplete: "off", placeholder: hint });
      el.addEventListener("input", () => { f[name] = el.value.trim(); redraw(); });
      return h("p", {}, h("label", { for: id }, label), " ", el);
    };
    const clearBtn = h("button", { type: "button", id: "clear-inbox" }, "Empty inbox");
    clearBtn.addEventListener("click", async () => {
      try {
        await api.send("DELETE", "/_mock/messages");
        answers.clear();
        await load(true);
        ctx.refreshHeader();
        st.ok("Inbox emptied.");
      } catch (err) { st.fail(err); }
    });

    add(main,
      h("h1", { id: "title-inbox" }, "Inbox"),
      h("form", { class: "filters", role: "search", onsubmit: (ev) => ev.preventDefault() },
        h("p", {}, h("label", { for: "filter-channel" }, "Channel"), " ", channel),
        input("corpid", "corpid", "wwmockcorp000001"),
        input("to", "Recipient", "zhangsan, a chat or customer id"),
        clearBtn),
      st.el,
      h("p", { class: "hint" }, "Newest first (virtual time, UTC); ", count, " shown, at most " + maxShown + ". Pictures are named, never loaded."),
      list);

    load(true).catch((err) => st.fail(err));
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") load(false).catch((err) => st.fail(err));
    }, 2000);
    return () => clearInterval(timer);
  },
};
