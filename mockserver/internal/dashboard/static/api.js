// Calls to the control API (/_mock/*, docs/control-api.md) on the origin
// the dashboard was loaded from. A 4xx's {"error": "..."} becomes the
// thrown Error's message.
//
// Pages name control paths absolutely ("/_mock/clock"); they are resolved
// against base, where the dashboard is served: "" at "/" and "/_mock/ui/",
// "/sandboxes/<id>" when a sandbox serves it under its prefix, so one
// dashboard drives whichever mock served it.

// base is the path the dashboard is served under, without its trailing
// slash and without "/_mock/ui/…".
export const base = basePath(location.pathname);

function basePath(p) {
  const ui = p.indexOf("/_mock/ui/");
  return ui >= 0 ? p.slice(0, ui) : p.replace(/\/[^/]*$/, "");
}

// url resolves a control path against base.
export function url(path) {
  return path.startsWith("/_mock/") ? base + path : path;
}

async function answer(res) {
  const text = await res.text();
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch { body = text; }
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error : res.status + " " + res.statusText;
    throw new Error(msg);
  }
  return body;
}

// get reads a control endpoint.
export async function get(path) {
  return answer(await fetch(url(path), { headers: { Accept: "application/json" }, cache: "no-store" }));
}

// send calls a control endpoint with method and an optional JSON body.
export async function send(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return answer(await fetch(url(path), init));
}

// stream opens a server-sent event stream; handlers maps event names to
// functions of the parsed data. It returns the EventSource (close it).
export function stream(path, handlers, onState) {
  const es = new EventSource(url(path));
  for (const [name, fn] of Object.entries(handlers)) {
    es.addEventListener(name, (ev) => {
      let data = ev.data;
      try { data = JSON.parse(ev.data); } catch { /* plain text */ }
      fn(data);
    });
  }
  if (onState) {
    es.addEventListener("open", () => onState("live"));
    es.addEventListener("error", () => onState(es.readyState === EventSource.CLOSED ? "closed" : "reconnecting"));
  }
  return es;
}
