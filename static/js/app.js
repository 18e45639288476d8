// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Quick exit: end the session (without waiting for the answer), then leave at once and
  // replace this page in the history, so "back" does not return to it.
  function quickExit(link) {
    var end = link.getAttribute("data-quick-exit-end");
    if (end && navigator.sendBeacon) navigator.sendBeacon(end);
    document.body.style.display = "none";
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    quickExit(link);
  });
  // Three presses of Escape also leave, for when a mouse is too slow.
  var escapes = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    escapes = escapes.filter(function (t) { return now - t < 1500; });
    escapes.push(now);
    var link = document.querySelector("[data-quick-exit]");
    if (escapes.length >= 3 && link) quickExit(link);
  });
  // Print buttons work only with this script, so they show only with it.
  document.querySelectorAll("[data-print]").forEach(function (b) { b.hidden = false; });
  // Print buttons (the page has a print stylesheet of its own).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  // Printing shows the self-checks that are folded away on screen.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
  });
  // A new account starts in the browser's own time zone (the settings page can change it).
  document.querySelectorAll("input[type=hidden][name=time_zone]").forEach(function (field) {
    try { field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
  });
  // The invitation link field selects itself, ready to copy.
  var linkField = document.getElementById("invite-link");
  if (linkField) linkField.addEventListener("focus", function () { linkField.select(); });
  // Copy and Share buttons for the invitation: each shows only where the browser can do it.
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (status) status.textContent = "";  // so the same words are announced again
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied");
      }, function () {
        field.focus();
        field.select();
        if (status) status.textContent = button.getAttribute("data-copy-failed");
      });
    });
  });
  // A step that takes something away asks first (where a button says what it takes).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });
  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-share"));
      navigator.share({
        title: button.getAttribute("data-share-title"),
        text: button.getAttribute("data-share-text"),
        url: field.value
      }).catch(function () {});  // closing the share sheet is not an error
    });
  });
  // A revisit's "If it depends: on what?" shows once an answer is "It depends" (the survey
  // does the same in survey.js); without JavaScript it simply stays in view.
  document.querySelectorAll("form[data-revisit]").forEach(function (form) {
    var box = form.querySelector("[data-conditions]");
    if (!box) return;
    function fit() {
      var depends = !!form.querySelector(".rating-input[value=depends]:checked");
      box.hidden = !depends;
      if (!depends) box.querySelectorAll("input:checked").forEach(function (b) { b.checked = false; });
    }
    form.addEventListener("change", function (event) {
      if (event.target.classList.contains("rating-input")) fit();
    });
    fit();
  });
})();
