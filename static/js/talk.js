// Talk mode: the turn timer, and the turn panel kept in step with the partner's device.
// Without this file the panel works by its buttons, and reloading shows the partner's turn.
(function () {
  "use strict";
  var panel = document.getElementById("turns");
  if (!panel || !window.fetch) return;
  var api = panel.getAttribute("data-api");

  // The timer: a quiet end (words, and a short vibration where the phone has one).
  var countdown = null;
  function wireTimer() {
    var box = document.querySelector("[data-timer]");
    if (!box) return;
    box.hidden = false;
    var start = box.querySelector("[data-timer-start]");
    var left = box.querySelector("[data-timer-left]");
    start.addEventListener("click", function () {
      clearInterval(countdown);
      var end = Date.now() + Number(box.querySelector("[data-timer-minutes]").value) * 60000;
      left.classList.remove("timer-done");
      var tick = function () {
        var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
        left.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
        if (seconds > 0) return;
        clearInterval(countdown);
        left.textContent = start.getAttribute("data-done");
        left.classList.add("timer-done");
        left.setAttribute("aria-live", "polite");
        if (navigator.vibrate) navigator.vibrate(150);
      };
      tick();
      countdown = setInterval(tick, 1000);
    });
  }
  wireTimer();

  // Every few seconds: has the card changed (the partner swapped, took a break)? Then take
  // the panel, and the card's version for the form below, from a fresh copy of the page.
  function refresh() {
    if (document.visibilityState !== "visible") return;
    var url = api + "?card=" + encodeURIComponent(panel.getAttribute("data-card"));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (card) {
        if (!card || card.version === panel.getAttribute("data-version")) return null;
        return fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); });
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.getElementById("turns");
        if (!next) return;
        panel.replaceWith(next);
        panel = next;
        fresh.querySelectorAll("input[name=version]").forEach(function (input, i) {
          var mine = document.querySelectorAll("input[name=version]")[i];
          if (mine) mine.value = input.value;
        });
        clearInterval(countdown);
        wireTimer();
      })
      .catch(function () {});
  }
  setInterval(refresh, 3000);
})();
