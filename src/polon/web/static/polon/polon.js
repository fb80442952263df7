/* polon's one script of its own, a light enhancement (every page works without it): a table wider than the
   screen goes into a scroll container that the keyboard can reach, named after the table's caption or the heading
   above it, with a hint to scroll sideways. Without JavaScript the stylesheet scrolls the table itself. */
(function () {
  "use strict";

  function nameOf(table) {
    if (table.caption) return table.caption.textContent.trim();
    var el = table.previousElementSibling;
    while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling;
    return el ? el.textContent.trim() : "";
  }

  function wrap(table) {
    var box = table.parentElement;
    if (!box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("overflowing", overflowing);
    if (overflowing) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", nameOf(table) || document.body.dataset.tableLabel || "table");
      box.dataset.hint = document.body.dataset.scrollHint || "";
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function all() {
    document.documentElement.classList.add("js");
    document.querySelectorAll("main table").forEach(wrap);
  }

  var pending = 0;
  function later() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(all);
  }

  document.addEventListener("DOMContentLoaded", all);
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
})();
