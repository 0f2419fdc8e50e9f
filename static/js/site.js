// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // Open the FAQ item a link points to (#faq-...), on load and when the hash changes.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.querySelector("summary").focus({ preventScroll: true });
    }
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();

// --- Newsletter: send the sign-up without leaving the page ----------------------------
// Without this (or without fetch) the form posts and the server answers with a page.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      el.textContent = "";
      el.hidden = true;
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
  }

  function showErrors(form, errors) {
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var message = form.querySelector('[data-error-for="' + name + '"]');
      var input = form.querySelector('[name="' + name + '"]');
      if (message) {
        message.textContent = errors[name][0];
        message.hidden = false;
      }
      if (input) {
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      }
    });
    if (first) first.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-newsletter-form]")) return;
    event.preventDefault();
    var status = form.querySelector("[data-newsletter-status]");
    var button = form.querySelector('button[type="submit"]');
    clearErrors(form);
    button.disabled = true;
    status.textContent = "Sending…";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) throw new Error("Not an answer in JSON");
        return response.json();
      })
      .then(function (data) {
        button.disabled = false;
        if (data.ok) {
          form.reset();
          status.textContent = data.message;
          return;
        }
        if (data.errors && data.errors.form) {
          // A trap field or a changed consent wording: let the server show the whole page.
          form.submit();
          return;
        }
        status.textContent = data.message || "";
        showErrors(form, data.errors || {});
      })
      .catch(function () {
        form.submit();
      });
  });
})();

// --- Search suggestions ------------------------------------------------------------------
// Search boxes with data-suggest-url (the header's and the search page's) suggest note
// titles, FAQ questions and whitepapers as the visitor types: an ARIA 1.2 combobox with a
// listbox popup (arrow keys choose, Enter opens the chosen one, Escape closes the list).
// Without this script they are plain search forms; nothing is requested until a key is typed.
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY_MS = 150;
  var count = 0;

  function setupSuggestions(input) {
    var endpoint = input.getAttribute("data-suggest-url");
    if (!endpoint || !window.fetch || !input.parentNode) return;
    count += 1;
    var listId = "search-suggestions-" + count;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var cache = {};

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }

    function open() {
      if (!options.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function follow(index) {
      var option = options[index];
      if (option && option.getAttribute("data-url")) {
        window.location.assign(option.getAttribute("data-url"));
      }
    }

    function render(results) {
      setActive(-1);
      list.textContent = "";
      options = [];
      results.forEach(function (result, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", result.url || "");
        var title = document.createElement("span");
        title.className = "suggest__title";
        title.textContent = result.title;
        var type = document.createElement("span");
        type.className = "suggest__type";
        type.textContent = result.type;
        option.appendChild(title);
        option.appendChild(type);
        // Keep the focus in the box when the pointer picks an option.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { follow(index); });
        list.appendChild(option);
        options.push(option);
      });
      status.textContent = results.length
        ? results.length + (results.length === 1 ? " suggestion" : " suggestions") +
          ": use the up and down arrow keys to choose, Enter to open."
        : "";
      if (results.length) open(); else close();
    }

    function load(query) {
      if (cache[query]) { render(cache[query]); return; }
      if (controller) controller.abort();
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          cache[query] = data.results || [];
          if (input.value.trim() === query) render(cache[query]);
        })
        .catch(function () { /* No suggestions: the search form still works. */ });
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (query.length < MIN_LENGTH) { render([]); return; }
      timer = window.setTimeout(function () { load(query); }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        if (list.hidden) {
          open();
          setActive(event.key === "ArrowDown" ? 0 : options.length - 1);
          return;
        }
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= options.length) next = 0;
        if (next < 0) next = options.length - 1;
        setActive(next);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); follow(active); }
        // Otherwise the form is submitted: the full search.
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-suggest-url]");
    Array.prototype.forEach.call(inputs, setupSuggestions);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
