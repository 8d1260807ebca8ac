// Follows a QR login on the desktop page. It polls the mock's status
// endpoint (data-status-url, GET /_mock/qrlogins/{key}) once a second, shows
// the section of the current state, and on confirmation goes to the app's
// redirect_uri with the code. Without JavaScript the page reloads itself
// instead (a <noscript> refresh), so this script is only a convenience.
(function () {
  "use strict";
  var root = document.getElementById("qrlogin");
  if (!root || !window.fetch) {
    return;
  }
  var statusURL = root.getAttribute("data-status-url");
  var finished = { confirmed: true, cancelled: true, expired: true };

  function show(login) {
    root.setAttribute("data-status", login.status);
    var sections = root.querySelectorAll("section[data-state]");
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = sections[i].getAttribute("data-state") !== login.status;
    }
    var names = root.querySelectorAll("[data-name]");
    for (var j = 0; j < names.length; j++) {
      names[j].textContent = login.name || "";
    }
    var expires = root.querySelectorAll("[data-expires]");
    for (var k = 0; k < expires.length; k++) {
      expires[k].textContent = String(login.expires_in);
    }
  }

  function poll() {
    fetch(statusURL, { cache: "no-store", credentials: "same-origin" })
      .then(function (res) {
        if (res.status === 404) {
          // The mock was reset: this login is gone for good.
          return { status: "expired", expires_in: 0 };
        }
        if (!res.ok) {
          throw new Error("status " + res.status);
        }
        return res.json();
      })
      .then(function (login) {
        show(login);
        if (login.status === "confirmed" && login.redirect_url) {
          window.location.replace(login.redirect_url);
          return;
        }
        if (!finished[login.status]) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  if (!finished[root.getAttribute("data-status")]) {
    window.setTimeout(poll, 1000);
  }
})();
