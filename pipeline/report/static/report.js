// Filtering and sorting of the summary table; works from file:// with no network.
(function () {
  "use strict";
  var table = document.getElementById("summary");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  var fields = ["status", "type", "school", "category", "text"].map(function (k) {
    return document.getElementById("f-" + k);
  });

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
  }
  fields.forEach(function (f) { f.addEventListener("input", filter); f.addEventListener("change", filter); });

  function key(tr, col) {
    var td = tr.cells[col];
    var v = td.dataset.sort !== undefined ? td.dataset.sort : td.textContent.trim();
    var num = parseFloat(v.replace("%", ""));
    return isNaN(num) || !/^-?[\d.]+%?$/.test(v) ? v : num;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col);
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
        return asc ? c : -c;
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    });
  });
  filter();
})();
