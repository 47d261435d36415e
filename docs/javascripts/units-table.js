// Lists of units: filter as you type and sort by any column. Without JavaScript the list is a plain
// table. A <div class="units-filter"> placed before a table (by macros/pages.py) carries the labels.
(function () {
  "use strict";

  function amount(text) {
    var value = parseFloat(text.replace(/,/g, ""));
    return isNaN(value) ? null : value;
  }

  function enhance(box) {
    var holder = box.nextElementSibling;
    var table = holder && (holder.tagName === "TABLE" ? holder : holder.querySelector("table"));
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    var label = document.createElement("label");
    label.className = "units-filter__label";
    label.textContent = box.dataset.label + " ";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "units-filter__input";
    input.setAttribute("autocomplete", "off");
    label.appendChild(input);
    var count = document.createElement("span");
    count.className = "units-filter__count";
    count.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(count);

    function filter() {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var match = !query || row.cells[0].textContent.toLowerCase().indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = box.dataset.count.replace("{shown}", shown).replace("{total}", rows.length);
    }
    input.addEventListener("input", filter);
    filter();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "units-sort";
      button.innerHTML = cell.innerHTML;
      button.title = box.dataset.sort;
      cell.innerHTML = "";
      cell.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var left = a.cells[column].textContent.trim();
          var right = b.cells[column].textContent.trim();
          var x = amount(left), y = amount(right);
          var order = x !== null && y !== null ? x - y : left.localeCompare(right, document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) {
          table.tBodies[0].appendChild(row);
        });
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".units-filter:empty"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
