// The dashboard's only way to make elements: h() builds them with
// createElement, text with text nodes, attributes with setAttribute. No
// module writes HTML, so a member named <img onerror=…> stays text.

// h(tag, attrs, ...children). attrs: "class", "dataset" (an object),
// "value"/"checked" (properties), on<event> (a function: a listener; a
// string is refused), anything else an attribute (true: present).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) {
      if (typeof v === "function") el.addEventListener(k.slice(2), v);
      continue;
    }
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value" || k === "checked") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  add(el, children);
  return el;
}

// add appends children (nodes, strings, numbers, nested arrays; null and
// false skipped) to el.
export function add(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// clear empties el.
export function clear(el) {
  el.replaceChildren();
  return el;
}

// copyButton copies text to the clipboard; label names what it copies for
// screen readers.
export function copyButton(text, label) {
  const b = h("button", { type: "button", class: "small copy", "aria-label": "Copy " + label }, "Copy");
  b.addEventListener("click", async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      // Not a secure context (a LAN address): the old way.
      const t = h("textarea", { class: "offscreen", readonly: true, "aria-hidden": "true" });
      t.value = text;
      document.body.append(t);
      t.select();
      ok = document.execCommand("copy");
      t.remove();
    }
    b.textContent = ok ? "Copied" : "Copy failed";
    setTimeout(() => { b.textContent = "Copy"; }, 1500);
  });
  return b;
}

// secret shows a credential with its copy button.
export function secret(value, label) {
  return h("span", { class: "secret" }, h("code", {}, value), " ", copyButton(value, label));
}

// fmtTime writes a time as "2026-01-02 03:04:05 UTC".
export function fmtTime(t) {
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

// table builds a table with a caption, header cells and rows of cells.
export function table(caption, headers, rows, attrs) {
  return h("table", attrs || {},
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
}

// status is a live region for the outcome of an action.
export function status() {
  const el = h("p", { class: "status", role: "status" });
  return {
    el,
    ok(text) { el.className = "status ok"; el.textContent = text; },
    fail(err) { el.className = "status error"; el.textContent = String(err && err.message ? err.message : err); },
  };
}
