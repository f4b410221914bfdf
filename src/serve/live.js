// briefing serve: live reload. Injected only by `briefing serve`, never written by `briefing build`.
// Polls the version of this page every 500 ms (when it last changed; of the whole site for
// pages that are not the site's): a new version reloads the page, so a rebuild reloads only
// the pages it changed. A failed build shows its error in an overlay (text only, never
// parsed as HTML).
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script && script.dataset ? script.dataset.version : null;
  var page = script && script.dataset ? script.dataset.page : null;
  var url = "/__briefing/version" + (page ? "?page=" + encodeURIComponent(page) : "");
  var OVERLAY = "briefing-build-error";

  function showError(message) {
    var box = document.getElementById(OVERLAY);
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1em 1.25em;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.4)";
      var title = document.createElement("strong");
      title.textContent = "Build failed: this page shows the last good build. Fix the file and save.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.75em 0 0;font:inherit";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = message;
  }

  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        var version = String(state.version);
        if (seen !== null && version !== seen) {
          location.reload();
          return;
        }
        seen = version;
        showError(state.error);
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
