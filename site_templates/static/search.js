/* Client-side search over the generated index: a small manifest (_site/search-index.js) and
   the shards it names, each loaded the first time a query needs it (see search.py, which writes
   them). Every file is a script that stores data in a global, so the search works from file://.
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
  var language = data.language;  /* the language of the page's texts */
  var documentLanguage = document.documentElement.lang;  /* its interface's */
  var textLanguage = language.split("-")[0];  /* without region: labels are indexed so */
  var order = data.fallback.split(" ").concat([""]);
  var names = JSON.parse(data.names);
  var MAX_SHOWN = 50;  /* search.py has the same number */
  var SYMBOLS = "_symbols";  /* shards of labels that begin with no word: "_symbols.28" for "(" */
  var manifest = null;  /* window.KOMPETANSE_SKOS_SEARCH, once loaded */
  var loading = false;
  var split = {};  /* names of the shards split by one more letter */
  var available = {};  /* names of the shards there are */
  var shards = {};  /* name: its entries, once loaded */
  var pending = {};  /* names of the shards being loaded */
  var submitted = false;  /* the form was sent before the results were there */

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

  /* Whether a label already begins with its notation ("V.05 Economics"), as
     begins_with_notation() in vocabulary/model.py tells. */
  function beginsWithNotation(text, notation) {
    if (text.slice(0, notation.length) !== notation) { return false; }
    var rest = text.charAt(notation.length);
    return rest === "" || !/[\p{L}\p{N}]/u.test(rest);
  }

  function chooseLabel(prefs) {
    for (var i = 0; i < order.length; i += 1) {
      for (var j = 0; j < prefs.length; j += 2) {
        if (prefs[j] === order[i]) { return { text: prefs[j + 1], lang: prefs[j] }; }
      }
    }
    return prefs.length ? { text: prefs[1], lang: prefs[0] } : { text: "", lang: "" };
  }

  /* One record of a shard, [folder, notation, [lang, text, ...], [other label, ...]], as an
     entry the search can rank and show. */
  function prepareItem(item) {
    var prefs = item[2];
    var shown = chooseLabel(prefs);
    var labels = [];
    for (var j = 0; j < prefs.length; j += 2) {
      labels.push({ text: prefs[j + 1], rank: prefs[j + 1] === shown.text ? 0 : 1, keys: keysOf(prefs[j + 1]) });
    }
    item[3].forEach(function (term) { labels.push({ text: term, rank: 2, keys: keysOf(term) }); });
    return {
      item: item,
      href: data.root + (item[0] ? item[0] + "/" : "") + pageName(language),
      notation: item[1],
      shown: shown,
      labels: labels
    };
  }

  function loadManifest() {
    if (manifest || loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = data.index;
    script.onload = function () {
      manifest = window.KOMPETANSE_SKOS_SEARCH;
      manifest.split.forEach(function (name) { split[name] = true; });
      manifest.shards.forEach(function (name) { available[name] = true; });
      Object.keys(manifest.inline || {}).forEach(function (name) {
        shards[name] = manifest.inline[name].map(prepareItem);
      });
      document.body.setAttribute("data-search-ready", "true");
      update();
    };
    document.head.appendChild(script);
  }

  function loadShard(name) {
    if (shards[name] || pending[name]) { return; }
    pending[name] = true;
    var script = document.createElement("script");
    script.src = data.index.replace(/[^\/]*$/, "") + manifest.folder + name + ".js";
    script.onload = script.onerror = function () {
      var store = window.KOMPETANSE_SKOS_SEARCH_SHARDS || {};
      shards[name] = (store[name] || []).map(prepareItem);
      delete store[name];
      delete pending[name];
      script.parentNode.removeChild(script);
      update();
    };
    document.head.appendChild(script);
  }

  /* The shard a word's labels are in is named by its first letters (a-z, 0-9; "_" for the
     first other character), as word_path() in search.py names it. */
  function wordPath(word) {
    var path = "";
    for (var i = 0; i < word.length && i < manifest.depth; i += 1) {
      var c = word.charAt(i);
      if (!((c >= "a" && c <= "z") || (c >= "0" && c <= "9"))) { return path + "_"; }
      path += c;
    }
    return path;
  }

  /* The shards that hold every label with a word beginning with *word*: the one shard its
     first letters lead to, or, when the word is shorter than the split, all those below it. */
  function shardsFor(word) {
    var path = wordPath(word);
    for (var i = 0; ; i += 1) {
      var node = path.slice(0, i);
      if (!split[node]) { return available[node] ? [node] : []; }
      if (i >= path.length) {
        return manifest.shards.filter(function (name) {
          var stem = name.replace(/\.exact$/, "");
          return stem.indexOf(path) === 0 && stem.indexOf(".") < 0;
        });
      }
    }
  }

  /* What a (folded) query needs: the shards, and the number of results when the shards are a
     "top" file that holds only the first results (for a query of one or two letters). */
  function planFor(query) {
    var queryWords = words(query);
    var top = manifest.top || {};
    var has = function (name) { return Object.prototype.hasOwnProperty.call(top, name); };
    if (!queryWords.length) {
      /* No word: the labels that begin as the query does, filed by their first character. */
      var symbols = SYMBOLS + "." + query.charCodeAt(0).toString(16);
      if (query.length === 1 && has(symbols)) { return { names: [symbols + ".top"], total: top[symbols] }; }
      return { names: available[symbols] ? [symbols] : [], total: -1 };
    }
    if (queryWords.length === 1 && queryWords[0] === query && has(query)) {
      return { names: [query + ".top"], total: top[query] };
    }
    var best = null;
    queryWords.forEach(function (word) {
      var names = shardsFor(word);
      if (!best || names.length < best.length) { best = names; }
    });
    return { names: best, total: -1 };
  }

  /* The entries of the shards *names*; one resource in several shards becomes one entry with
     all the labels it has in them. */
  function entriesOf(names) {
    if (names.length === 1) { return shards[names[0]]; }
    var byHref = {};
    var all = [];
    names.forEach(function (name) {
      shards[name].forEach(function (entry) {
        var seen = byHref[entry.href];
        if (!seen) {
          byHref[entry.href] = { at: all.length, terms: entry.item[3] };
          all.push(entry);
        } else {
          var terms = seen.terms.concat(entry.item[3].filter(function (t) { return seen.terms.indexOf(t) < 0; }));
          terms.sort(function (a, b) { return a < b ? -1 : (a > b ? 1 : 0); });
          seen.terms = terms;
          all[seen.at] = prepareItem([entry.item[0], entry.item[1], entry.item[2], terms]);
        }
      });
    });
    return all;
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

  function search(text, entries) {
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

  function render(found, total) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    found.slice(0, MAX_SHOWN).forEach(function (result) {
      var entry = result.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.href;
      var label = document.createElement("span");
      label.textContent = entry.shown.text;
      if (entry.shown.lang && entry.shown.lang !== documentLanguage) {
        label.lang = entry.shown.lang;
      }
      a.appendChild(label);
      /* The notation after the label, so that the results read by their labels. */
      if (entry.notation && !beginsWithNotation(entry.shown.text, entry.notation)) {
        var notation = document.createElement("span");
        notation.className = "notation";
        notation.textContent = " (" + entry.notation + ")";
        a.appendChild(notation);
      }
      if (entry.shown.lang && entry.shown.lang !== textLanguage) {
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
    if (total === 0) {
      status.textContent = data.none;
    } else if (total === 1) {
      status.textContent = data.one;
    } else if (total > MAX_SHOWN) {
      status.textContent = message(data.shown, total, MAX_SHOWN);
    } else {
      status.textContent = message(data.many, total, total);
    }
  }

  function clear() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    list.hidden = true;
    status.textContent = "";
  }

  /* Show the results for what is in the box, once the shards it needs are loaded. */
  function update() {
    if (!manifest) { return; }
    var text = input.value.trim();
    if (!text && !submitted) { clear(); return; }
    var plan = text ? planFor(fold(text, false)) : { names: [], total: -1 };
    var missing = plan.names.filter(function (name) { return !shards[name]; });
    if (missing.length) { missing.forEach(loadShard); return; }
    var found = text ? search(text, entriesOf(plan.names)) : [];
    if (submitted) {
      submitted = false;
      if (found.length) { window.location.href = found[0].entry.href; return; }
    }
    render(found, plan.total < 0 ? found.length : plan.total);
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", loadManifest);
  input.addEventListener("input", function () { loadManifest(); update(); });
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
    if (!manifest) { return; }
    event.preventDefault();
    submitted = true;
    update();
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    loadManifest();
  }
}());

/* Copy buttons: a button with data-copy="ID" copies the text of the element ID (a concept's
   URI, a citation). They are hidden in the page and shown here, where they work. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-done");
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () { /* a refused clipboard leaves the text there to select */ });
    });
  });
}());
