// Package dashboard is the mock's web dashboard, served at "/" and
// "/_mock/ui/": a few hand-written ES modules and one stylesheet, embedded
// in the binary, that read and drive the control API (/_mock/*) like any
// other client. The page loads nothing from anywhere else, and the
// Content-Security-Policy it is served with says so to the browser.
//
// The Go side only serves files: the shell (index.html), the modules under
// static/ and the headers. Everything the dashboard shows comes from the
// control API, so it knows no world and no API family.
//
// # Safety
//
// Every value from the mock (member names, request paths, fault paths) is
// user data. The modules build the DOM with document.createElement and
// textContent only (dom.js: h); no module sets innerHTML, outerHTML or
// insertAdjacentHTML, nor builds a URL or attribute from data except
// through setAttribute on inert attributes. A test greps the assets for
// the unsafe sinks.
//
// # Layout of static/
//
//	index.html      the shell: header, nav, <main id="page">; no inline script
//	app.js          boots the shell: header (counts, clock, URL), theme, router
//	dom.js          h(), the only way modules make elements; copy buttons; time formats
//	api.js          fetch wrappers for /_mock/* (get, send) and the journal stream,
//	                resolved against the path the dashboard is served under
//	message.js      a message as the WeCom client shows it: the safe markdown and
//	                textcard renderers, articles, template cards, media placeholders
//	pages/index.js  the page registry: the nav and the router read it
//	pages/*.js      one module per page
//	style.css       light and dark themes through CSS variables
//
// # Adding a page
//
// A page is one ES module under static/pages exporting an object with an
// id (its route, #/<id>), a title (the nav link and the document title)
// and render(main, ctx). render fills main, an empty <section>, and may
// return a function the router calls when the user leaves the page (close
// streams, stop timers). ctx.refreshHeader() re-reads the header's counts
// after a change; ctx.setClock(clock) shows a /_mock/clock answer at once.
//
//	// static/pages/limits.js
//	import { h, add, table } from "../dom.js";
//	import * as api from "../api.js";
//
//	export default {
//	  id: "limits",
//	  title: "Limits",
//	  render(main, ctx) {
//	    add(main, h("h1", { id: "title-limits" }, "Limits"));
//	    api.get("/_mock/limits").then(({ quotas }) =>
//	      add(main, table(null, ["corpid", "App", "Used"], quotas.map((q) => [q.corpid, q.agentid, q.used]))));
//	    return () => {}; // nothing to stop
//	  },
//	};
//
// Then import the module in static/pages/index.js and put it in the list
// where it belongs in the nav. Nothing else: the files are embedded by
// directory, and the nav and the router are built from that list. Give the
// page's h1 the id "title-<id>" (the section is labelled by it), build
// every element with h(), and add a chromedp test in
// mockserver/browser_dashboard_test.go that opens /#/<id>, with its
// screenshot docs/img/dashboard-<id>.png. Pages name control paths
// absolutely ("/_mock/…"): api.js resolves them against where the
// dashboard is served (a sandbox's /sandboxes/<id>/ too). A page that
// shows changing data polls while document.visibilityState is "visible"
// or reads a stream, and returns the function that stops it.
package dashboard
