// The live web view: polls the run's version (a few bytes) and fetches the page's data only when it
// moved; stops once the run is over and its last state is shown.
(function () {
  "use strict";
  var feed = document.currentScript.dataset;
  var seen = document.body.dataset.version;
  function later(ms) { setTimeout(poll, ms || 1000); }
  function get(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }
  function poll() {
    get(feed.version).then(function (v) {
      if (String(v.version) === seen) { if (v.live) later(); return; }
      return get(feed.data).then(function (data) {
        window.codexParReport.render(data);
        seen = String(data.run.version);
        if (data.run.live) later();
      });
    }).catch(function () { later(5000); });
  }
  later();
})();
