// Filtering and sorting of the summary table; works from file:// with no network.
// Filters live in the address (#status=fail&school=…), so a reload or a shared link keeps them.
(function () {
  "use strict";
  var table = document.getElementById("summary");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  var keys = ["status", "type", "school", "category", "text"];
  var fields = keys.map(function (k) { return document.getElementById("f-" + k); });

  function fromAddress() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    keys.forEach(function (k, i) {
      var v = params.get(k);
      if (v !== null) fields[i].value = v;
    });
  }

  function toAddress() {
    var params = new URLSearchParams();
    keys.forEach(function (k, i) { if (fields[i].value) params.set(k, fields[i].value); });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function filter() {
    var status = fields[0].value, type = fields[1].value, school = fields[2].value,
        category = fields[3].value, text = fields[4].value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (tr) {
      var ok = (!status || tr.dataset.status === status) &&
               (!type || tr.dataset.type === type) &&
               (!school || tr.dataset.school === school) &&
               (!category || (" " + tr.dataset.categories).indexOf(" " + category + " ") >= 0) &&
               (!text || tr.textContent.toLowerCase().indexOf(text) >= 0);
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = shown.textContent.replace(/\d+/, String(n));
    none.hidden = n !== 0;
  }
  fields.forEach(function (f) {
    var changed = function () { filter(); toAddress(); };
    f.addEventListener("input", changed);
    f.addEventListener("change", changed);
  });

  function key(tr, col) {
    var td = tr.cells[col];
    var v = td.dataset.sort !== undefined ? td.dataset.sort : td.textContent.trim();
    var num = parseFloat(v.replace("%", ""));
    return isNaN(num) || !/^-?[\d.]+%?$/.test(v) ? v : num;
  }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    // a <button> in each heading: reachable with Tab, sorted with Enter or Space, announced with aria-sort
    th.querySelector("button").addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col);
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
        return asc ? c : -c;
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    });
  });
  window.addEventListener("hashchange", function () { fromAddress(); filter(); });
  fromAddress();
  filter();
})();
