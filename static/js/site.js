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
