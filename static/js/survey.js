// The survey saves each answer as it is given. Without this file the form still posts.
(function () {
  "use strict";
  var form = document.querySelector("form.survey");
  if (!form || !window.fetch) return;
  var api = form.getAttribute("data-api");
  var flagApi = form.getAttribute("data-flag-api");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  // What it says, from the page (so in the page's language).
  var words = {
    saving: form.getAttribute("data-saving"),
    saved: form.getAttribute("data-saved"),
    failed: form.getAttribute("data-not-saved"),
    offline: form.getAttribute("data-offline")
  };
  var progress = document.getElementById("survey-progress");
  var answeredText = document.querySelector("[data-answered]");
  var noteTimers = {};
  // Per behavior: the request in flight, and what changed since it left. Only one request per
  // behavior is ever on its way, so an older value can never overwrite a newer one.
  var inFlight = {};
  var waiting = {};

  function behaviorOf(item) { return parseInt(item.id.replace("item-", ""), 10); }

  var summary = document.querySelector("[data-save-summary]");

  function setState(item, text, isError) {
    var el = item.querySelector("[data-save-state]");
    if (!el) return;
    el.textContent = text;
    if (isError) el.setAttribute("role", "alert"); else el.removeAttribute("role");
    // A failure also shows by the progress bar, seen whichever behavior is on screen.
    if (summary && isError) {
      var title = item.querySelector(".item-title");
      summary.textContent = (title ? title.textContent + ": " : "") + text;
    } else if (summary && item.getAttribute("data-failed")) {
      summary.textContent = "";
    }
    if (isError) item.setAttribute("data-failed", "1"); else item.removeAttribute("data-failed");
  }

  function errorText(body) {
    // Every API error: {"type": …, "errors": [{"code", "detail", "attr"}]}.
    var parts = (body && body.errors || []).map(function (error) { return error.detail; });
    return parts.length ? parts.join(" ") : words.failed;
  }

  function send(url, method, body, keepalive) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    });
  }

  function save(item, fields, keepalive) {
    var id = item.id;
    waiting[id] = Object.assign(waiting[id] || { behavior: behaviorOf(item) }, fields);
    if (inFlight[id]) return;
    var payload = waiting[id];
    delete waiting[id];
    inFlight[id] = true;
    setState(item, words.saving);
    send(api, "PUT", [payload], keepalive).then(function (response) {
      if (response.ok) return null;
      return response.json().then(errorText, function () { return errorText(null); });
    }, function () {
      return words.offline;
    }).then(function (problem) {
      inFlight[id] = false;
      if (waiting[id]) { save(item, {}); return; }
      if (problem) setState(item, problem, true); else setState(item, words.saved);
    });
  }

  // "If it depends: on what?" shows once an answer is "It depends". Without it the ticks go
  // (the server would drop them too); returns whether they show.
  function fitConditions(item) {
    var box = item.querySelector("[data-conditions]");
    var depends = !!item.querySelector(".rating-input[value=depends]:checked");
    if (!box) return depends;
    box.hidden = !depends;
    if (!depends) box.querySelectorAll("input:checked").forEach(function (b) { b.checked = false; });
    return depends;
  }
  form.querySelectorAll("fieldset.item").forEach(fitConditions);

  function isComplete(item) {
    return item.querySelectorAll(".rating-input:checked").length === 2;
  }

  function updateProgress() {
    var items = form.querySelectorAll("fieldset.item");
    var done = 0;
    for (var i = 0; i < items.length; i++) {
      var complete = isComplete(items[i]);
      items[i].classList.toggle("item-open", !complete);
      if (complete) done++;
    }
    if (progress) progress.value = done;
    if (answeredText) answeredText.textContent = String(done);
    return done;
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "cannot_answer_honestly" && flagApi) {
      send(flagApi, "PUT", { cannot_answer_honestly: target.checked });
      return;
    }
    var item = target.closest("fieldset.item");
    if (!item) return;
    if (target.type === "radio") {
      var fields = {};
      fields[target.name.split("-").slice(1).join("-")] = target.value;
      updateProgress();
      if (!fitConditions(item)) fields.conditions = [];
      save(item, fields);
    } else if (target.type === "checkbox" && /-conditions$/.test(target.name)) {
      var ticked = item.querySelectorAll("[data-conditions] input:checked");
      save(item, { conditions: Array.prototype.map.call(ticked, function (box) { return box.value; }) });
    } else if (target.type === "checkbox" && /-private$/.test(target.name)) {
      save(item, { "private": target.checked });
    } else if (target.tagName === "TEXTAREA") {
      clearTimeout(noteTimers[item.id]);
      delete noteTimers[item.id];
      save(item, { note: target.value });
    }
  });

  // Notes also save a moment after typing stops, not only when the field loses focus.
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.tagName !== "TEXTAREA") return;
    var item = target.closest("fieldset.item");
    if (!item) return;
    clearTimeout(noteTimers[item.id]);
    noteTimers[item.id] = setTimeout(function () {
      delete noteTimers[item.id];
      save(item, { note: target.value });
    }, 1000);
  });

  // Leaving the page: send any note still waiting for its pause, so nothing typed is lost.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden") return;
    Object.keys(noteTimers).forEach(function (id) {
      clearTimeout(noteTimers[id]);
      delete noteTimers[id];
      var item = document.getElementById(id);
      save(item, { note: item.querySelector("textarea").value }, true);
    });
  });

  // On a phone: one behavior at a time, with large choices, moving on once both answers are
  // given (unless one is "it depends": then there is room for a note). The whole list stays
  // one tap away, and is what shows without this file.
  var items = Array.prototype.slice.call(form.querySelectorAll("fieldset.item"));
  var nav = form.querySelector(".focus-nav");
  var modeButton = document.querySelector("[data-survey-mode]");
  // Phones, upright or on their side.
  var small = window.matchMedia ? window.matchMedia("(max-width: 48rem)") : null;
  var current = -1;  // none shown yet
  var advanceTimer = null;

  function focused() { return form.classList.contains("focused"); }

  function indexOf(hash) {
    return items.findIndex(function (item) { return "#" + item.id === hash; });
  }

  function nextOpen(from) {
    for (var i = from + 1; i < items.length; i++) if (!isComplete(items[i])) return i;
    return Math.min(from + 1, items.length - 1);
  }

  function show(index, moveFocus) {
    clearTimeout(advanceTimer);
    current = Math.max(0, Math.min(index, items.length - 1));
    items.forEach(function (item, i) { item.classList.toggle("item-current", i === current); });
    var back = nav.querySelector("[data-step='-1']");
    var forward = nav.querySelector("[data-step='1']");
    back.disabled = current === 0;
    forward.textContent = forward.getAttribute(current === items.length - 1 ? "data-last" : "data-next");
    if (moveFocus) {
      items[current].scrollIntoView({ block: "start" });
      items[current].focus({ preventScroll: true });
    }
  }

  function setMode(one, moveFocus) {
    clearTimeout(advanceTimer);
    form.classList.toggle("focused", one);
    nav.hidden = !one;
    document.querySelectorAll("[data-whole-list-only]").forEach(function (el) { el.hidden = one; });
    modeButton.textContent = modeButton.getAttribute(one ? "data-to-list" : "data-to-one");
    if (!one) return;
    // Keep the place across a switch (a phone turned sideways and back); else the first open.
    var start = current;
    if (start < 0) start = items.findIndex(function (item) { return !isComplete(item); });
    show(start < 0 ? 0 : start, moveFocus);
  }

  function wantsOne() {
    try { if (sessionStorage.getItem("survey-mode") === "list") return false; } catch (e) {}
    return true;
  }

  if (items.length && nav && modeButton && small) {
    var fitMode = function () {
      modeButton.parentNode.hidden = !small.matches;
      setMode(small.matches && wantsOne(), false);
    };
    if (indexOf(window.location.hash) >= 0) current = indexOf(window.location.hash);
    fitMode();
    if (small.addEventListener) small.addEventListener("change", fitMode);
    modeButton.addEventListener("click", function () {
      var one = !focused();
      try { sessionStorage.setItem("survey-mode", one ? "one" : "list"); } catch (e) {}
      setMode(one, true);
    });
    nav.addEventListener("click", function (event) {
      var step = event.target.closest("[data-step]");
      if (!step) return;
      if (step.getAttribute("data-step") === "1" && current === items.length - 1) {
        var end = form.querySelector(".submit-block h2");
        end.scrollIntoView({ block: "start" });
        end.focus({ preventScroll: true });
        return;
      }
      show(current + Number(step.getAttribute("data-step")), true);
    });
    form.addEventListener("change", function (event) {
      // Any change starts the wait afresh: a second tap (to "It depends", say) cancels it.
      clearTimeout(advanceTimer);
      var item = event.target.closest("fieldset.item");
      if (!focused() || event.target.type !== "radio" || item !== items[current]) return;
      var depends = item.querySelector(".rating-input[value=depends]:checked");
      if (!isComplete(item) || depends || current === items.length - 1) return;
      advanceTimer = setTimeout(function () { show(nextOpen(current), true); }, 600);
    });
    // A link to one behavior (a refused post lists what is missing) opens that one, also
    // when it is the link followed last time (the address does not change then).
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#item-']");
      if (!link || !focused() || indexOf(link.getAttribute("href")) < 0) return;
      event.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
      show(indexOf(link.getAttribute("href")), true);
    });
  }

  updateProgress();
  var errors = document.getElementById("survey-errors");
  if (errors) {
    // After a refused post, the explanation comes first.
    errors.focus();
  } else if (!window.location.hash && Number(answeredText && answeredText.textContent) > 0) {
    // Coming back: bring the first unanswered behavior into view.
    var next = form.querySelector("fieldset.item-open");
    if (next) next.scrollIntoView({ block: "start" });
  }
})();
