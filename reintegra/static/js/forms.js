// Progressive enhancement of long choice lists (issue 13): a <select data-autocomplete>
// becomes a text input with a list of suggestions (the ARIA 1.2 combobox pattern). The
// native <select> stays in the form, hidden, and is what gets submitted: without
// JavaScript it is the field itself. Written here, nothing vendored.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/ł/g, "l").trim();
  }

  var counter = 0;

  function enhance(select) {
    var multiple = select.multiple;
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; });
    var id = select.id || ("autocomplete-" + (++counter));
    var label = document.querySelector("label[for='" + id + "']");
    var hint = document.getElementById(id + "_helptext");
    var wrap = document.createElement("div");
    wrap.className = "autocomplete";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id + "_input";
    input.className = "autocomplete-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var list = document.createElement("ul");
    list.id = id + "_listbox";
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    if (label) { list.setAttribute("aria-labelledby", label.id || (label.id = id + "_label")); }
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    var describedBy = select.getAttribute("aria-describedby");
    if (describedBy) { input.setAttribute("aria-describedby", describedBy); }
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var chosen = null;
    if (multiple) {
      chosen = document.createElement("ul");
      chosen.className = "autocomplete-chosen";
    }
    if (hint && select.dataset.jsHint) { hint.textContent = select.dataset.jsHint; }
    if (label) { label.htmlFor = input.id; }
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    if (chosen) { wrap.appendChild(chosen); }
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.appendChild(select);

    // The error summary's link to the field leads to the input now.
    Array.prototype.forEach.call(document.querySelectorAll("a[href='#" + id + "']"),
      function (link) { link.setAttribute("href", "#" + input.id); });

    function text(key, fallback) {
      var form = wrap.closest("form");
      return (form && form.dataset[key]) || fallback;
    }

    var shown = [];
    var active = -1;

    function labelOf(option) { return option.textContent.trim(); }

    function renderChosen() {
      if (!chosen) { input.value = select.value ? labelOf(select.selectedOptions[0]) : ""; return; }
      chosen.textContent = "";
      options.forEach(function (option) {
        if (!option.selected) { return; }
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.textContent = labelOf(option);
        button.setAttribute("aria-label", text("removeText", "Remove") + ": " + labelOf(option));
        button.addEventListener("click", function () {
          option.selected = false;
          renderChosen();
          status.textContent = "";
          input.focus();
        });
        item.appendChild(button);
        chosen.appendChild(item);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.children;
      if (active >= 0 && items[active]) { items[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      if (multiple) {
        option.selected = true;
        input.value = "";
      } else {
        select.value = option.value;
        input.value = labelOf(option);
      }
      renderChosen();
      close();
      status.textContent = labelOf(option);
      input.focus();
    }

    function update() {
      var query = fold(input.value);
      list.textContent = "";
      active = -1;
      if (!query) { shown = []; close(); return; }
      var starts = [], contains = [];
      options.forEach(function (option) {
        if (multiple && option.selected) { return; }
        var name = fold(labelOf(option));
        if (name.indexOf(query) === 0 || name.split(/[\s(,-]+/).some(function (w) { return w.indexOf(query) === 0; })) {
          starts.push(option);
        } else if (name.indexOf(query) > 0) {
          contains.push(option);
        }
      });
      shown = starts.concat(contains).slice(0, 12);
      shown.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = list.id + "_" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = labelOf(option);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(option); });
        list.appendChild(item);
      });
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      status.textContent = shown.length ? text("results", "%s").replace("%s", shown.length)
        : text("noResults", "No results");
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { update(); }
        if (shown.length) { highlight((active + 1) % shown.length); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (shown.length) { highlight(active <= 0 ? shown.length - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (!list.hidden && (active >= 0 || shown.length === 1)) {
          event.preventDefault();  // choosing, not submitting the form
          choose(shown[active >= 0 ? active : 0]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () {
      close();
      if (multiple) { return; }
      var typed = fold(input.value);
      if (!typed) { select.value = ""; return; }
      var exact = options.filter(function (o) { return fold(labelOf(o)) === typed; })[0];
      if (exact) { select.value = exact.value; }
      renderChosen();
    });
    renderChosen();
  }

  // The attendance register: the "mark the rest" count follows the marks as they are
  // tapped. Without this the page works the same, with the count as it was on loading.
  function followRegister(form) {
    var labels = JSON.parse(form.dataset.restLabels || "[]");
    var count = form.querySelector("[data-unmarked]");
    var rest = form.querySelector("[data-rest]");
    function update() {
      var unmarked = Array.prototype.filter.call(form.querySelectorAll(".register-row"),
        function (row) { return !row.querySelector("input[type=radio]:checked"); }).length;
      count.textContent = unmarked;
      rest.hidden = unmarked === 0;
      if (labels[unmarked]) { rest.querySelector("button").textContent = labels[unmarked]; }
    }
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autocomplete]"), enhance);
    Array.prototype.forEach.call(document.querySelectorAll("form.register"), followRegister);
  });
})();
