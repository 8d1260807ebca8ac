// Calls to the control API (/_mock/*, docs/control-api.md) on the origin
// the dashboard was loaded from. A 4xx's {"error": "..."} becomes the
// thrown Error's message.

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
  return answer(await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" }));
}

// send calls a control endpoint with method and an optional JSON body.
export async function send(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return answer(await fetch(path, init));
}

// stream opens a server-sent event stream; handlers maps event names to
// functions of the parsed data. It returns the EventSource (close it).
export function stream(path, handlers, onState) {
  const es = new EventSource(path);
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
