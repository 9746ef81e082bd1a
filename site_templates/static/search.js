/* Client-side search over the generated index (_site/search-index.js).
   Matches preferred, alternative and hidden labels from their first letters, ignoring case
   and accents ("okonomi" finds "Økonomiregelverket"). Every label is put into the page with
   textContent, never as HTML. Without JavaScript the form leads to the alphabetical index. */
(function () {
  "use strict";

  var form = document.getElementById("search");
  if (!form) { return; }
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var data = form.dataset;
  var language = document.documentElement.lang;
  var order = data.fallback.split(" ").concat([""]);
  var names = JSON.parse(data.names);
  var MAX_SHOWN = 50;
  var entries = null;
  var loading = false;

  function fold(text, long) {
    var s = text.toLowerCase();
    if (long) { s = s.replace(/ø/g, "oe").replace(/å/g, "aa"); }
    s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.replace(/æ/g, "ae").replace(/ø/g, "o").replace(/œ/g, "oe").replace(/ß/g, "ss")
      .replace(/[đð]/g, "d").replace(/ł/g, "l").replace(/þ/g, "th");
  }

  function words(key) {
    return key.split(/[^0-9a-z\u00c0-\uffff]+/).filter(Boolean);
  }

  function keysOf(text) {
    var keys = [fold(text, false)];
    var long = fold(text, true);
    if (long !== keys[0]) { keys.push(long); }
    return keys.map(function (key) { return { key: key, words: words(key) }; });
  }

  function pageName(lang) {
    return lang === data["default"] ? "index.html" : "index." + lang + ".html";
  }

  function chooseLabel(prefs) {
    for (var i = 0; i < order.length; i += 1) {
      for (var j = 0; j < prefs.length; j += 2) {
        if (prefs[j] === order[i]) { return { text: prefs[j + 1], lang: prefs[j] }; }
      }
    }
    return prefs.length ? { text: prefs[1], lang: prefs[0] } : { text: "", lang: "" };
  }

  function prepare(index) {
    entries = index.items.map(function (item) {
      var prefs = item[2];
      var shown = chooseLabel(prefs);
      var labels = [];
      for (var j = 0; j < prefs.length; j += 2) {
        labels.push({ text: prefs[j + 1], rank: prefs[j + 1] === shown.text ? 0 : 1, keys: keysOf(prefs[j + 1]) });
      }
      item[3].forEach(function (term) { labels.push({ text: term, rank: 2, keys: keysOf(term) }); });
      return {
        href: data.root + (item[0] ? item[0] + "/" : "") + pageName(language),
        notation: item[1],
        shown: shown,
        labels: labels
      };
    });
    document.body.setAttribute("data-search-ready", "true");
    update();
  }

  function load() {
    if (entries || loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = data.index;
    script.onload = function () { prepare(window.KOMPETANSE_SKOS_SEARCH); };
    document.head.appendChild(script);
  }

  function match(label, query, queryWords) {
    var best = -1;
    label.keys.forEach(function (k) {
      var score = -1;
      if (k.key.indexOf(query) === 0) {
        score = label.rank;
      } else if (queryWords.length && queryWords.every(function (w) {
        return k.words.some(function (lw) { return lw.indexOf(w) === 0; });
      })) {
        score = 3 + label.rank;
      }
      if (score >= 0 && (best < 0 || score < best)) { best = score; }
    });
    return best;
  }

  function search(text) {
    var query = fold(text.trim(), false);
    var queryWords = words(query);
    if (!query) { return []; }
    var found = [];
    entries.forEach(function (entry) {
      var best = -1;
      var by = null;
      entry.labels.forEach(function (label) {
        var score = match(label, query, queryWords);
        if (score >= 0 && (best < 0 || score < best)) { best = score; by = label; }
      });
      if (best >= 0) { found.push({ entry: entry, score: best, by: by }); }
    });
    found.sort(function (a, b) {
      return a.score - b.score || a.entry.shown.text.localeCompare(b.entry.shown.text, language) ||
        (a.entry.href < b.entry.href ? -1 : 1);
    });
    return found;
  }

  function message(template, n, shown) {
    return template.replace("{n}", String(n)).replace("{shown}", String(shown));
  }

  function render(found) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    found.slice(0, MAX_SHOWN).forEach(function (result) {
      var entry = result.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.href;
      if (entry.notation) {
        var notation = document.createElement("span");
        notation.className = "notation";
        notation.textContent = entry.notation + " ";
        a.appendChild(notation);
      }
      var label = document.createElement("span");
      label.textContent = entry.shown.text;
      if (entry.shown.lang && entry.shown.lang !== language) {
        label.lang = entry.shown.lang;
      }
      a.appendChild(label);
      if (entry.shown.lang && entry.shown.lang !== language) {
        var mark = document.createElement("span");
        mark.className = "fallback";
        mark.textContent = names[entry.shown.lang] || entry.shown.lang;
        a.appendChild(document.createTextNode(" "));
        a.appendChild(mark);
      }
      if (result.by && result.by.text !== entry.shown.text) {
        var matched = document.createElement("span");
        matched.className = "matched";
        matched.textContent = data.matched + ": " + result.by.text;
        a.appendChild(matched);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
    if (found.length === 0) {
      status.textContent = data.none;
    } else if (found.length === 1) {
      status.textContent = data.one;
    } else if (found.length > MAX_SHOWN) {
      status.textContent = message(data.shown, found.length, MAX_SHOWN);
    } else {
      status.textContent = message(data.many, found.length, found.length);
    }
  }

  function clear() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    list.hidden = true;
    status.textContent = "";
  }

  function update() {
    if (!entries) { return; }
    if (input.value.trim()) { render(search(input.value)); } else { clear(); }
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load(); update(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      input.value = "";
      clear();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) { input.focus(); } else if (next < all.length) { all[next].focus(); }
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      all[event.key === "Home" ? 0 : all.length - 1].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
      clear();
    }
  });
  form.addEventListener("submit", function (event) {
    if (!entries) { return; }
    event.preventDefault();
    var found = search(input.value);
    if (found.length) { window.location.href = found[0].entry.href; } else { render(found); }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    load();
  }
}());
