/* briefing: client-side search over the incidents (progressive enhancement).
   Without JavaScript the chronology is the full list and the search box stays hidden.
   With it, the box appears on the chronology; `?q=` (the overview's search form) pre-fills it.
   Matching uses data/search.json (title, place, actors, event type, summary); when that file
   cannot be fetched (pages opened from disk), the text of the listed incidents is used. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box || !document.querySelectorAll) { return; }
  var input = box.querySelector("input");
  var status = box.querySelector(".search-status");
  var results = box.querySelector(".search-results");
  var list = document.querySelector("[data-search-list]");
  var root = box.getAttribute("data-root") || "";
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-id]"));
  var entries = null;

  function fold(s) {
    s = String(s || "");
    if (s.normalize) { s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
    return s.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  }

  function fromPage() {
    return items.map(function (li) {
      var a = li.querySelector("a");
      return { id: li.getAttribute("data-id"), url: null, title: a ? a.textContent : "",
               text: fold(li.textContent) };
    });
  }

  function prepare(data) {
    return (data.incidents || []).map(function (e) {
      var words = [e.title, e.date, e.place, e.country, (e.actors || []).join(" "), e.event_type, e.summary];
      return { id: e.id, url: e.url, title: e.title, date: e.date, place: e.place, text: fold(words.join(" ")) };
    });
  }

  function matches(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    var pool = entries || fromPage();
    var hits = {};
    pool.forEach(function (e) {
      if (terms.every(function (t) { return e.text.indexOf(t) !== -1; })) { hits[e.id] = e; }
    });
    return hits;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function run() {
    var q = input.value.trim();
    if (!q) {
      items.forEach(function (li) { li.hidden = false; });
      toggleGroups();
      results.hidden = true;
      results.textContent = "";
      if (list) { list.hidden = false; }
      status.textContent = "";
      return;
    }
    var hits = matches(q);
    if (items.length) {
      // Filter the list in place: the page keeps its dates, months and years.
      var shown = 0;
      items.forEach(function (li) {
        var on = Object.prototype.hasOwnProperty.call(hits, li.getAttribute("data-id"));
        li.hidden = !on;
        if (on) { shown += 1; }
      });
      toggleGroups();
      status.textContent = plural(shown, "incident") + " match \u201c" + q + "\u201d.";
      return;
    }
    // A split chronology has no full list on the page: list the matches.
    results.textContent = "";
    var ids = Object.keys(hits).sort();
    ids.forEach(function (id) {
      var e = hits[id];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.url;
      a.textContent = e.title;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + [e.date, e.place].filter(Boolean).join(", ")));
      results.appendChild(li);
    });
    results.hidden = ids.length === 0;
    status.textContent = plural(ids.length, "incident") + " match \u201c" + q + "\u201d.";
  }

  function toggleGroups() {
    ["section.month", "section.year"].forEach(function (sel) {
      Array.prototype.forEach.call(document.querySelectorAll(sel), function (s) {
        s.hidden = !s.querySelector("li[data-id]:not([hidden])");
      });
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  box.hidden = false;
  input.addEventListener("input", run);
  run();

  if (window.fetch) {
    fetch(root + "data/search.json")
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { entries = prepare(data); run(); })
      .catch(function () { /* opened from disk: search the page text */ });
  }
})();
