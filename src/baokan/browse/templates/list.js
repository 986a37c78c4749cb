// baokan browse: the index page's article list. Rows come in chunks (data/list-NNNNN.js), loaded
// one after another with script tags, which work from file:// (fetch does not). Search matches
// every word of the query in a row's title, authors, publication, date, page and flags at once,
// then reads the body shards (data/bodies-NNNNN.js) one by one and adds the articles whose text
// holds the words.
(function () {
  "use strict";
  var site = JSON.parse(document.getElementById("site-data").textContent);
  var PAGE = 100; // rows shown at a time
  var rows = []; // [id, title, authors, publication, date, page, flags, page number, start, end]
  var haystack = []; // lower-cased searchable text of each row
  var index = new Map(); // id -> row number
  var pending = new Map(); // "kind:n" -> resolve
  var matched = null; // null: no query (every row); otherwise a Uint8Array over rows
  var shown = PAGE;
  var generation = 0;
  var loadingDone = false;

  var input = document.getElementById("search");
  var flagFilter = document.getElementById("flag-filter");
  var pubFilter = document.getElementById("pub-filter");
  var list = document.getElementById("article-list");
  var count = document.getElementById("count");
  var progress = document.getElementById("progress");
  var more = document.getElementById("more");

  window.baokan = window.baokan || {};
  window.baokan.chunk = function (kind, n, data) {
    var key = kind + ":" + n;
    var resolve = pending.get(key);
    if (resolve) {
      pending.delete(key);
      resolve(data);
    }
  };

  function load(kind, n) {
    return new Promise(function (resolve, reject) {
      var key = kind + ":" + n;
      var script = document.createElement("script");
      script.src = "data/" + kind + "-" + String(n).padStart(5, "0") + ".js";
      pending.set(key, resolve);
      script.onload = function () {
        script.remove();
        if (pending.has(key)) {
          pending.delete(key);
          reject(new Error(script.src + " does not hold " + key));
        }
      };
      script.onerror = function () {
        script.remove();
        pending.delete(key);
        reject(new Error("cannot load " + script.src));
      };
      document.head.appendChild(script);
    });
  }

  function pageHref(number) {
    return "pages/" + String(Math.floor(number / 1000)).padStart(4, "0") + "/" + String(number).padStart(6, "0") + ".html";
  }

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function rowText(r) {
    return [r[1], r[2], r[3], r[4], r[5], r[6].join(" "), r[0]].join("\n").toLowerCase();
  }

  function hasAll(text, terms) {
    for (var i = 0; i < terms.length; i++) {
      if (text.indexOf(terms[i]) < 0) return false;
    }
    return true;
  }

  function passesFilters(r) {
    if (flagFilter.value && r[6].indexOf(flagFilter.value) < 0) return false;
    if (pubFilter.value && r[3] !== pubFilter.value) return false;
    return true;
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = text;
    return td;
  }

  function render() {
    var terms = words(input.value);
    var filtering = terms.length > 0 || flagFilter.value || pubFilter.value;
    var fragment = document.createDocumentFragment();
    var total = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (matched !== null && !matched[i]) continue;
      if (!passesFilters(r)) continue;
      total++;
      if (total > shown) continue;
      var tr = document.createElement("tr");
      tr.dataset.id = r[0];
      var td = document.createElement("td");
      var a = document.createElement("a");
      a.href = pageHref(r[7]) + "#a=" + encodeURIComponent(r[0]);
      a.className = "article-link";
      if (r[1]) a.textContent = r[1];
      else {
        a.textContent = "(no title)";
        a.classList.add("none");
      }
      td.appendChild(a);
      tr.appendChild(td);
      tr.appendChild(cell(r[2]));
      tr.appendChild(cell(r[3]));
      tr.appendChild(cell(r[4], "date"));
      tr.appendChild(cell(r[5], "page"));
      var flags = document.createElement("td");
      r[6].forEach(function (f) {
        var span = document.createElement("span");
        span.className = "flag";
        span.textContent = f;
        flags.appendChild(span);
      });
      tr.appendChild(flags);
      fragment.appendChild(tr);
    }
    list.replaceChildren(fragment);
    var loaded = loadingDone ? "" : " (loading: " + rows.length + " of " + site.articles + ")";
    count.textContent = filtering
      ? total + " of " + site.articles + " articles match" + loaded
      : site.articles + " articles" + loaded;
    count.dataset.matches = String(total);
    more.hidden = total <= shown;
  }

  // Rows matching the query by their own fields; then the bodies, shard by shard.
  function search() {
    var mine = ++generation;
    var terms = words(input.value);
    shown = PAGE;
    if (terms.length === 0) {
      matched = null;
      progress.textContent = "";
      render();
      return;
    }
    matched = new Uint8Array(rows.length);
    for (var i = 0; i < rows.length; i++) matched[i] = hasAll(haystack[i], terms) ? 1 : 0;
    render();
    searchBodies(mine, terms, 0);
  }

  function searchBodies(mine, terms, shard) {
    if (mine !== generation) return;
    if (shard >= site.body_shards) {
      progress.textContent = "";
      document.body.dataset.searched = input.value;
      return;
    }
    progress.textContent = "searching bodies " + (shard + 1) + "/" + site.body_shards + "…";
    load("bodies", shard).then(function (bodies) {
      if (mine !== generation) return;
      bodies.forEach(function (b) {
        var i = index.get(b[0]);
        if (i === undefined || matched[i]) return;
        var text = [b[1] || "", b[2] || "", b[3] || "", b[4] || "", b[5], b[6].join("\n")].join("\n").toLowerCase();
        if (hasAll(text + "\n" + haystack[i], terms)) matched[i] = 1;
      });
      render();
      searchBodies(mine, terms, shard + 1);
    }, function (error) {
      progress.textContent = String(error.message);
      console.error(error);
    });
  }

  function loadList(n) {
    if (n >= site.list_chunks) {
      loadingDone = true;
      document.body.dataset.loaded = "true";
      if (words(input.value).length) search();
      else render();
      return;
    }
    load("list", n).then(function (chunk) {
      chunk.forEach(function (r) {
        index.set(r[0], rows.length);
        rows.push(r);
        haystack.push(rowText(r));
      });
      if (matched !== null) {
        var grown = new Uint8Array(rows.length);
        grown.set(matched);
        matched = grown;
      }
      render();
      loadList(n + 1);
    }, function (error) {
      count.textContent = String(error.message);
      console.error(error);
    });
  }

  site.flags.forEach(function (f) {
    var option = document.createElement("option");
    option.value = option.textContent = f;
    flagFilter.appendChild(option);
  });
  site.publications.forEach(function (p) {
    var option = document.createElement("option");
    option.value = option.textContent = p;
    pubFilter.appendChild(option);
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  flagFilter.addEventListener("change", function () { shown = PAGE; render(); });
  pubFilter.addEventListener("change", function () { shown = PAGE; render(); });
  more.addEventListener("click", function () { shown += PAGE; render(); });
  loadList(0);
})();
