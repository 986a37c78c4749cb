// baokan browse: a page view. Clicking an article (in the list or on one of its lines) highlights
// its line range and shows its body, loaded from the page's bodies shard on demand. "#a=ID" in the
// address selects an article when the page opens (the index links to articles that way).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("page-data").textContent);
  var items = document.querySelectorAll("#page-articles .art-item");
  var bodyBox = document.getElementById("body");
  var bodies = null;
  var selected = -1;

  window.baokan = window.baokan || {};
  var waiting = null;
  window.baokan.chunk = function (kind, n, chunk) {
    if (waiting && kind === "bodies" && n === data.shard) {
      var resolve = waiting;
      waiting = null;
      resolve(chunk);
    }
  };

  function loadBodies() {
    if (bodies) return Promise.resolve(bodies);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = "../../data/bodies-" + String(data.shard).padStart(5, "0") + ".js";
      waiting = function (chunk) {
        bodies = new Map(chunk.map(function (b) { return [b[0], b]; }));
        resolve(bodies);
      };
      script.onerror = function () {
        waiting = null;
        reject(new Error("cannot load " + script.src));
      };
      script.onload = function () { script.remove(); };
      document.head.appendChild(script);
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function showBody(id) {
    loadBodies().then(function (map) {
      var b = map.get(id);
      if (!b || data.articles[selected][0] !== id) return;
      var parts = [];
      if (b[1]) parts.push(el("p", "kicker", b[1]));
      parts.push(el("h3", b[2] ? "" : "none", b[2] || "(no title)"));
      if (b[3]) parts.push(el("p", "subtitle", b[3]));
      if (b[4]) parts.push(el("p", "byline", b[4]));
      b[5].split("\n").forEach(function (p) { parts.push(el("p", "", p)); });
      b[6].forEach(function (c) { parts.push(el("p", "caption", c)); });
      bodyBox.replaceChildren.apply(bodyBox, parts);
      bodyBox.hidden = false;
      bodyBox.dataset.id = id;
    }, function (error) {
      bodyBox.textContent = String(error.message);
      bodyBox.hidden = false;
      console.error(error);
    });
  }

  function select(i, scroll) {
    document.querySelectorAll("#lines > p.hl").forEach(function (line) { line.classList.remove("hl"); });
    items.forEach(function (item) { item.classList.remove("selected"); });
    selected = i;
    var article = data.articles[i];
    for (var no = article[1]; no <= article[2]; no++) {
      var line = document.getElementById("L" + no);
      if (line) line.classList.add("hl");
    }
    document.querySelectorAll("#geometry rect.r").forEach(function (box) {
      box.classList.toggle("hl", Number(box.dataset.idx) === i);
    });
    document.body.classList.add("has-selection");
    items[i].classList.add("selected");
    var first = document.getElementById("L" + article[1]);
    if (scroll && first) first.scrollIntoView({ block: "center" });
    if (location.hash !== "#a=" + encodeURIComponent(article[0])) {
      history.replaceState(null, "", "#a=" + encodeURIComponent(article[0]));
    }
    showBody(article[0]);
  }

  items.forEach(function (item, i) {
    item.addEventListener("click", function () { select(i, true); });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(i, true);
      }
    });
  });
  document.getElementById("lines").addEventListener("click", function (event) {
    var line = event.target.closest("#lines > p.a");
    if (!line) return;
    var no = Number(line.id.slice(1));
    var arts = [];
    data.articles.forEach(function (a, i) {
      if (a[1] <= no && no <= a[2]) arts.push(i);
    });
    // a line inside several ranges: each click moves to the next of them
    var at = arts.indexOf(selected);
    select(arts[(at + 1) % arts.length], false);
  });

  document.getElementById("geometry").addEventListener("click", function (event) {
    var box = event.target.closest("rect.r");
    if (box) select(Number(box.dataset.idx), true);
  });

  var match = /^#a=(.+)$/.exec(location.hash);
  if (match) {
    var id = decodeURIComponent(match[1]);
    for (var i = 0; i < data.articles.length; i++) {
      if (data.articles[i][0] === id) select(i, true);
    }
  }
})();
