/*
 * Rabat Process platform: progressive enhancement only. Every page works without this file.
 * Load with <script src="{% static 'js/site.js' %}" defer></script> (no inline script needed, CSP-friendly).
 *
 *  - <html> gets class "js" (CSS can hide the submit button of auto-submitting forms:
 *    put class "autosubmit-hide" on it).
 *  - form[data-autosubmit]: submits when a select/checkbox/radio/date changes, and after a short pause
 *    while typing in a search box. If the form has hx-get/hx-post, htmx handles the request
 *    (requestSubmit fires the submit event htmx listens to).
 *  - [data-confirm="Question?"] on a button or link asks before proceeding.
 *  - a[data-print] / button[data-print] prints the page.
 */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");

  function submit(form) {
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  function initAutosubmit(root) {
    var forms = (root || document).querySelectorAll("form[data-autosubmit]:not([data-autosubmit-ready])");
    Array.prototype.forEach.call(forms, function (form) {
      form.setAttribute("data-autosubmit-ready", "");
      var timer = null;
      form.addEventListener("change", function (event) {
        var t = event.target;
        if (t && t.matches && t.matches("select, input[type=checkbox], input[type=radio], input[type=date], input[type=number]")) {
          submit(form);
        }
      });
      form.addEventListener("input", function (event) {
        var t = event.target;
        if (!t || !t.matches || !t.matches("input[type=search], input[type=text]")) { return; }
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          if (t.value.length === 0 || t.value.length >= 2) { submit(form); }
        }, 500);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var el = event.target && event.target.closest ? event.target.closest("[data-confirm], [data-print]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { event.preventDefault(); window.print(); return; }
    if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAutosubmit(document); });
  } else {
    initAutosubmit(document);
  }
  // Forms swapped in by htmx get the behaviour too.
  document.addEventListener("htmx:load", function (event) { initAutosubmit(event.target); });
})();
