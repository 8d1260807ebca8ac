// Messages as the WeCom client shows them, built from the request body the
// mock kept (GET /_mock/messages: body). Every value is text: markdown and
// textcard descriptions go through the small renderers below, which know a
// handful of constructs and turn them into elements; anything else stays
// the characters it was. Links keep only http(s) URLs. Pictures are never
// loaded (they would be requests to other hosts): a labelled placeholder
// names them.

import { h } from "./dom.js";

// safeHref is url when it is http(s), else null (javascript:, data:, …).
export function safeHref(url) {
  const s = String(url ?? "").trim();
  return /^https?:\/\/[^\s]+$/i.test(s) ? s : null;
}

// link is an <a> to an http(s) URL, or the text alone.
function link(text, url) {
  const href = safeHref(url);
  if (!href) return h("span", { class: "link-dead", title: url ? "not an http(s) link: " + url : null }, text);
  return h("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", title: href }, text);
}

// ---- markdown (WeCom doc 90236, markdown消息) ----

// The inline constructs WeCom's markdown has: **bold**, [text](url),
// <font color="info|comment|warning">…</font>, `code`.
const inlineRE = /\*\*([^*\n]+?)\*\*|\[([^\]\n]*)\]\(([^)\s]+)\)|<font\s+color\s*=\s*["']?(info|comment|warning)["']?\s*>([\s\S]*?)<\/font>|`([^`\n]+)`/gi;

function inline(text, depth = 0) {
  const out = [];
  let last = 0;
  inlineRE.lastIndex = 0;
  const matches = [...String(text).matchAll(inlineRE)];
  for (const m of matches) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h("strong", {}, depth < 4 ? inline(m[1], depth + 1) : m[1]));
    else if (m[2] !== undefined) out.push(link(m[2] || m[3], m[3]));
    else if (m[4] !== undefined) out.push(h("span", { class: "md-" + m[4].toLowerCase() }, depth < 4 ? inline(m[5], depth + 1) : m[5]));
    else out.push(h("code", {}, m[6]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

// markdown renders headings (# to ######), quotes (>), list items (- , 1. )
// and paragraphs, each line's inline constructs as above.
export function markdown(src) {
  const box = h("div", { class: "md" });
  for (const line of String(src ?? "").split("\n")) {
    let m;
    if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      box.append(h("p", { class: "md-h md-h" + m[1].length }, inline(m[2])));
    } else if ((m = /^>\s?(.*)$/.exec(line))) {
      box.append(h("blockquote", {}, inline(m[1])));
    } else if ((m = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(line))) {
      box.append(h("p", { class: "md-li" }, m[1].length > 1 || /\d/.test(m[1]) ? m[1] + " " : "• ", inline(m[2])));
    } else if (line.trim() === "") {
      box.append(h("p", { class: "md-gap" }));
    } else {
      box.append(h("p", {}, inline(line)));
    }
  }
  return box;
}

// ---- textcard (WeCom doc 90236, 文本卡片消息) ----

// The description's allowed tags: <div class="gray|normal|highlight">…</div>
// and <br>; every other character is text.
const cardTagRE = /<div\s+class\s*=\s*["'](gray|normal|highlight)["']\s*>([\s\S]*?)<\/div>|<br\s*\/?>/gi;

export function textcardDescription(src) {
  const text = String(src ?? "");
  const box = h("div", { class: "tc-desc" });
  let last = 0;
  for (const m of text.matchAll(cardTagRE)) {
    if (m.index > last) box.append(text.slice(last, m.index));
    if (m[1]) box.append(h("div", { class: "tc-" + m[1].toLowerCase() }, m[2]));
    else box.append(h("br"));
    last = m.index + m[0].length;
  }
  if (last < text.length) box.append(text.slice(last));
  return box;
}

function textcard(tc) {
  return h("div", { class: "textcard" },
    h("p", { class: "tc-title" }, tc.title || ""),
    textcardDescription(tc.description),
    h("p", { class: "tc-btn" }, link(tc.btntxt || "详情", tc.url)));
}

// ---- the other kinds ----

function placeholder(label, fields) {
  return h("div", { class: "media" }, h("span", { class: "media-kind" }, label),
    fields.filter(([, v]) => v !== undefined && v !== null && v !== "").map(([k, v]) => h("span", {}, " ", h("small", {}, k), " ", h("code", {}, String(v)))));
}

function articles(list, mp) {
  return h("ol", { class: "articles" }, (list || []).map((a) => h("li", {},
    h("p", { class: "art-title" }, mp ? link(a.title || "", a.content_source_url) : link(a.title || "", a.url)),
    a.description || a.digest ? h("p", { class: "art-desc" }, a.description || a.digest) : null,
    a.author ? h("p", {}, h("small", {}, "author "), a.author) : null,
    a.picurl ? placeholder("picture", [["url", a.picurl]]) : null,
    a.thumb_media_id ? placeholder("thumbnail", [["media_id", a.thumb_media_id]]) : null,
    mp && a.content ? h("details", {}, h("summary", {}, "content (as sent, not rendered)"), h("pre", {}, a.content)) : null)));
}

function kv(list) {
  return h("dl", { class: "pairs" }, (list || []).map((it) => [h("dt", {}, it.keyname || it.key || ""), h("dd", {}, it.value ?? it.url ?? "")]));
}

// templateCard renders a template card (text_notice, news_notice,
// button_interaction, vote_interaction, multiple_interaction). onButton,
// if given, makes the buttons clickable: onButton(key, label).
export function templateCard(c, onButton) {
  c = c || {};
  const btn = (label, key, style) => {
    const b = h("button", { type: "button", class: "card-btn" + (style === 2 ? " secondary" : ""), dataset: { key: key ?? "" } }, label || key || "…");
    if (onButton) b.addEventListener("click", () => onButton(key ?? "", label));
    else b.disabled = true;
    return b;
  };
  const src = c.source || {};
  const main = c.main_title || {};
  return h("div", { class: "tcard" },
    src.desc || src.icon_url ? h("p", { class: "tcard-source" }, src.desc || "", src.icon_url ? h("small", {}, " (icon not loaded)") : null) : null,
    h("p", { class: "tcard-title" }, main.title || ""),
    main.desc ? h("p", { class: "tcard-desc" }, main.desc) : null,
    c.emphasis_content ? h("p", { class: "tcard-emph" }, h("strong", {}, c.emphasis_content.title || ""), " ", h("small", {}, c.emphasis_content.desc || "")) : null,
    c.quote_area ? h("blockquote", {}, c.quote_area.title ? h("strong", {}, c.quote_area.title) : null, c.quote_area.title ? " " : null, c.quote_area.quote_text || "") : null,
    c.sub_title_text ? h("p", {}, c.sub_title_text) : null,
    c.card_image ? placeholder("image", [["url", c.card_image.url]]) : null,
    c.horizontal_content_list ? kv(c.horizontal_content_list) : null,
    c.vertical_content_list ? h("ul", {}, c.vertical_content_list.map((v) => h("li", {}, h("strong", {}, v.title || ""), " ", v.desc || ""))) : null,
    c.jump_list ? h("ul", { class: "jumps" }, c.jump_list.map((j) => h("li", {}, link(j.title || "", j.url)))) : null,
    c.button_selection ? h("p", {}, h("small", {}, c.button_selection.title || "select"), " ",
      (c.button_selection.option_list || []).map((o) => h("span", { class: "pill" + (o.id === c.button_selection.selected_id ? " on" : "") }, o.text || o.id))) : null,
    c.checkbox ? h("ul", { class: "options" }, (c.checkbox.option_list || []).map((o) => h("li", {}, (o.is_checked ? "☑ " : "☐ ") + (o.text || o.id)))) : null,
    c.select_list ? c.select_list.map((s) => h("p", {}, h("small", {}, s.title || s.question_key || ""), " ",
      (s.option_list || []).map((o) => h("span", { class: "pill" + (o.id === s.selected_id ? " on" : "") }, o.text || o.id)))) : null,
    c.button_list ? h("p", { class: "buttons card-buttons" }, c.button_list.map((b) => btn(b.text, b.key, b.style))) : null,
    c.submit_button ? h("p", { class: "buttons card-buttons" }, btn(c.submit_button.text || "提交", c.submit_button.key)) : null,
    c.card_action && c.card_action.url ? h("p", {}, h("small", {}, "card opens "), link(c.card_action.url, c.card_action.url)) : null);
}

// body renders what a message shows, from its msgtype and request body;
// card is rendered by the caller (it has the recipients' states).
export function body(msgtype, b) {
  b = b || {};
  const part = b[msgtype] || {};
  switch (msgtype) {
    case "text":
      return h("p", { class: "text" }, part.content ?? "");
    case "markdown":
    case "markdown_v2":
      return markdown(part.content);
    case "textcard":
      return textcard(part);
    case "news":
      return articles(part.articles, false);
    case "mpnews":
      return articles(part.articles, true);
    case "image":
      return placeholder("image", [["media_id", part.media_id], ["md5", part.md5], ["base64", part.base64 ? part.base64.length + " characters" : ""]]);
    case "voice":
      return placeholder("voice", [["media_id", part.media_id]]);
    case "video":
      return placeholder("video", [["media_id", part.media_id], ["title", part.title], ["description", part.description]]);
    case "file":
      return placeholder("file", [["media_id", part.media_id]]);
    case "miniprogram_notice":
      return h("div", { class: "textcard" }, h("p", { class: "tc-title" }, part.title || ""),
        h("p", { class: "tc-desc" }, part.description || ""), kv(part.content_item), placeholder("mini program", [["appid", part.appid], ["page", part.page]]));
    case "template_card":
      return templateCard(part);
  }
  // 客户联系 (welcome, mass messages): text and attachments.
  if (b.text || b.attachments) {
    return h("div", {}, b.text ? h("p", { class: "text" }, b.text.content ?? "") : null,
      (b.attachments || []).map((a) => attachment(a)));
  }
  return h("pre", { class: "raw" }, JSON.stringify(b, null, 2));
}

function attachment(a) {
  const p = a[a.msgtype] || {};
  switch (a.msgtype) {
    case "link":
      return h("div", { class: "textcard" }, h("p", { class: "tc-title" }, link(p.title || p.url || "", p.url)), p.desc ? h("p", {}, p.desc) : null,
        p.picurl ? placeholder("picture", [["url", p.picurl]]) : null);
    case "miniprogram":
      return placeholder("mini program", [["title", p.title], ["appid", p.appid], ["page", p.page], ["pic_media_id", p.pic_media_id]]);
    default:
      return placeholder(a.msgtype || "attachment", [["media_id", p.media_id], ["pic_url", p.pic_url]]);
  }
}
