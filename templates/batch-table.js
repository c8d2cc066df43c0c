(function () {
  "use strict";
  // Sorting and filtering for the batch pages' tables (index.html, rollup.html).  The tables
  // read whole without it; the toolbar stays hidden until this runs.
  var table = document.querySelector("table.sortable");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var tools = document.getElementById("tools");
  var search = document.getElementById("search");
  var status = document.getElementById("status-filter");
  var warned = document.getElementById("warned-filter");
  var sortSelect = document.getElementById("sort-by");
  var shown = document.getElementById("shown");

  function value(row, column) {
    return row.cells[column].getAttribute("data-value") || "";
  }

  function sortBy(column, ascending) {
    var numeric = headers[column].classList.contains("number");
    headers.forEach(function (th, index) {
      if (index === column) {
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    rows.sort(function (a, b) {
      var x = value(a, column);
      var y = value(b, column);
      var order = numeric ? (x === "" ? -1 : +x) - (y === "" ? -1 : +y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    if (sortSelect) { sortSelect.value = column + (ascending ? "+" : "-"); }
  }

  function apply() {
    var words = search ? search.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var count = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var keep = words.every(function (word) { return text.indexOf(word) !== -1; }) &&
        (!status || status.value === "all" || row.getAttribute("data-status") === status.value) &&
        (!warned || !warned.checked || row.getAttribute("data-warned") === "true");
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    if (shown) {
      shown.textContent = count === rows.length
        ? "Showing all " + rows.length + "."
        : "Showing " + count + " of " + rows.length + ".";
    }
  }

  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      // Numbers first largest, text first A to Z; a second click turns the order round.
      var first = !th.classList.contains("number");
      var sorted = th.getAttribute("aria-sort");
      sortBy(column, sorted ? sorted !== "ascending" : first);
    });
    if (sortSelect) {
      [true, false].forEach(function (ascending) {
        var option = document.createElement("option");
        option.value = column + (ascending ? "+" : "-");
        option.textContent = button.textContent + (ascending ? " \u2191" : " \u2193");
        sortSelect.appendChild(option);
      });
    }
  });
  if (sortSelect) {
    sortSelect.value = "";
    sortSelect.addEventListener("change", function () {
      var column = parseInt(sortSelect.value, 10);
      if (!isNaN(column)) { sortBy(column, sortSelect.value.slice(-1) === "+"); }
    });
  }
  [search, status, warned].forEach(function (control) {
    if (control) { control.addEventListener("input", apply); control.addEventListener("change", apply); }
  });
  if (tools) { tools.hidden = false; }
  apply();
})();
