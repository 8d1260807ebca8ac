// World: each corp's apps (secrets, visible range), departments as a
// tree, members with the visibility matrix (GET /_mock/visibility: which
// app answers 60011 for whom), tags, robots, 客户联系 customers and
// groups; then the suites and their installs.

import { h, add, secret, table, status } from "../dom.js";
import * as api from "../api.js";

const list = (xs) => (xs && xs.length ? xs.join(", ") : "–");

function visibleRange(v, corp) {
  v = v || {};
  const dept = new Map((corp.departments || []).map((d) => [d.id, d.name]));
  const tag = new Map((corp.tags || []).map((t) => [t.tagid, t.tagname]));
  const named = (ids, names) => ids.map((id) => (names.has(id) ? names.get(id) + " (" + id + ")" : String(id))).join(", ");
  const parts = [];
  if (v.departments && v.departments.length) parts.push("departments " + named(v.departments, dept) + " and below");
  if (v.users && v.users.length) parts.push("members " + v.users.join(", "));
  if (v.tags && v.tags.length) parts.push("tags " + named(v.tags, tag));
  return parts.length ? parts.join("; ") : "nobody";
}

function deptTree(depts) {
  const ids = new Set(depts.map((d) => d.id));
  const children = new Map();
  for (const d of depts) {
    const parent = ids.has(d.parentid) ? d.parentid : 0;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(d);
  }
  for (const kids of children.values()) kids.sort((a, b) => (b.order || 0) - (a.order || 0) || a.id - b.id);
  const branch = (parent, depth) => {
    const kids = children.get(parent) || [];
    if (!kids.length || depth > 32) return null;
    return h("ul", { class: depth ? "tree" : "tree root" }, kids.map((d) =>
      h("li", {}, h("span", { class: "dept" }, d.name, " ", h("small", {}, "#" + d.id)),
        d.department_leader && d.department_leader.length ? h("small", {}, " leader " + list(d.department_leader)) : null,
        branch(d.id, depth + 1))));
  };
  return branch(0, 0) || h("p", {}, "No departments.");
}

function matrix(corp, vis, suites) {
  const apps = new Map((corp.apps || []).map((a) => [a.agentid, a.name]));
  for (const s of suites || []) {
    for (const a of s.authorizations || []) {
      if (a.corpid === corp.corpid && !apps.has(a.agentid)) apps.set(a.agentid, (s.name || s.suite_id) + " (suite)");
    }
  }
  const head = h("tr", {}, h("th", { scope: "col" }, "Member"),
    vis.apps.map((id) => h("th", { scope: "col" }, apps.get(id) || "", h("br"), h("small", {}, String(id)))));
  const rows = vis.members.map((m) => h("tr", {},
    h("th", { scope: "row" }, m.name, " ", h("small", {}, m.userid)),
    vis.apps.map((id) => {
      const sees = m.visible.includes(id);
      return h("td", { class: sees ? "yes" : "no", dataset: { userid: m.userid, agentid: String(id) } },
        sees ? "visible" : "60011");
    })));
  return h("table", { class: "vis-matrix", id: "vis-" + corp.corpid },
    h("caption", {}, "60011: the member is outside the app's visible range"),
    h("thead", {}, head), h("tbody", {}, rows));
}

function corpSection(corp, vis, suites) {
  const sec = h("section", { class: "corp", "aria-labelledby": "corp-" + corp.corpid },
    h("h2", { id: "corp-" + corp.corpid }, corp.name, " ", h("small", {}, corp.corpid)));
  const secrets = [["contacts", corp.contacts_secret], ...Object.entries(corp.secrets || {}).sort()]
    .filter(([, v]) => v);
  if (secrets.length) {
    add(sec, h("h3", {}, "Corp secrets"),
      table(null, ["Area", "Secret"], secrets.map(([k, v]) => [k, secret(v, k + " secret")])));
  }
  add(sec, h("h3", {}, "Apps"),
    (corp.apps || []).length
      ? table(null, ["agentid", "Name", "Secret", "Visible range"], corp.apps.map((a) =>
        [String(a.agentid), a.name, secret(a.secret, a.name + " secret"), visibleRange(a.visible, corp)]), { class: "apps" })
      : h("p", {}, "No apps."));
  add(sec, h("h3", {}, "Departments"), deptTree(corp.departments || []));
  const depts = new Map((corp.departments || []).map((d) => [d.id, d.name]));
  add(sec, h("h3", {}, "Members"),
    table(null, ["userid", "Name", "Departments", "Position", "Mobile", "Email"], (corp.members || []).map((m) =>
      [h("code", {}, m.userid), m.name, list((m.department || []).map((id) => (depts.get(id) || "") + " (" + id + ")")), m.position || "", m.mobile || "", m.email || ""]), { class: "members" }));
  if (vis) add(sec, h("h3", {}, "Visibility: which app sees which member"), h("div", { class: "scroll" }, matrix(corp, vis, suites)));
  if ((corp.tags || []).length) {
    add(sec, h("h3", {}, "Tags"), table(null, ["tagid", "Name", "Members", "Departments"],
      corp.tags.map((t) => [String(t.tagid), t.tagname, list(t.users), list(t.departments)])));
  }
  if ((corp.robots || []).length) {
    add(sec, h("h3", {}, "Group robots"), table(null, ["Name", "Webhook key", "Group", "Group members"],
      corp.robots.map((r) => [r.name, secret(r.key, r.name + " webhook key"), r.group ? r.group.name : "–",
        r.group ? list(r.group.members) : "–"])));
  }
  const ec = corp.externalcontact;
  if (ec && (ec.customers || []).length) {
    add(sec, h("h3", {}, "客户联系 customers"), table(null, ["external_userid", "Name", "Type", "Followed by"],
      ec.customers.map((c) => [h("code", {}, c.external_userid), c.name, c.type === 2 ? "WeCom" : "WeChat",
        list((c.follow_user || []).map((f) => f.userid))])));
  }
  if (ec && (ec.groups || []).length) {
    add(sec, h("h3", {}, "客户联系 customer groups"), table(null, ["chat_id", "Name", "Owner", "Members"],
      ec.groups.map((g) => [h("code", {}, g.chat_id), g.name, g.owner, String((g.member_list || []).length)])));
  }
  return sec;
}

function suitesSection(world, suites) {
  const byId = new Map((suites || []).map((s) => [s.suite_id, s]));
  const sec = h("section", { class: "suites", "aria-labelledby": "suites-title" }, h("h2", { id: "suites-title" }, "Suites"));
  for (const s of world.suites || []) {
    const live = byId.get(s.suite_id);
    add(sec, h("h3", {}, s.name || s.suite_id, " ", h("small", {}, s.suite_id)),
      h("p", {}, s.type === "customized" ? "代开发 template" : "Third-party app", " · secret ", secret(s.secret, "suite secret")));
    const auths = live ? live.authorizations || [] : [];
    add(sec, auths.length
      ? table("Installs", ["corpid", "Corp", "agentid", "Permanent code", "Installed by"], auths.map((a) =>
        [h("code", {}, a.corpid), a.corp_name || "", String(a.agentid), secret(a.permanent_code, "permanent code"), a.auth_userid || "–"]))
      : h("p", {}, "Not installed in any corp."));
  }
  return sec;
}

export default {
  id: "world",
  title: "World",
  render(main) {
    const st = status();
    add(main, h("h1", { id: "title-world" }, "World"), st.el);
    let gone = false;
    (async () => {
      // The live world (fixtures plus every change made since); the loaded
      // fixtures from a mock too old to export it.
      const world = await api.get("/_mock/world").catch(() => api.get("/_mock/fixtures"));
      const corps = world.corps || [];
      const [vis, suites] = await Promise.all([
        Promise.all(corps.map((c) => api.get("/_mock/visibility?corpid=" + encodeURIComponent(c.corpid)).catch(() => null))),
        (world.suites || []).length ? api.get("/_mock/suites").then((b) => b.suites).catch(() => []) : [],
      ]);
      if (gone) return;
      corps.forEach((c, i) => add(main, corpSection(c, vis[i], world.suites)));
      if ((world.suites || []).length) add(main, suitesSection(world, suites));
      main.dataset.loaded = "true";
    })().catch((err) => st.fail(err));
    return () => { gone = true; };
  },
};
