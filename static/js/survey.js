// The survey saves each answer as it is given. Without this file the form still posts.
(function () {
  "use strict";
  var form = document.querySelector("form.survey");
  if (!form || !window.fetch) return;
  var api = form.getAttribute("data-api");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var progress = document.getElementById("survey-progress");
  var answeredText = document.querySelector("[data-answered]");
  var timers = {};

  function behaviorOf(item) { return parseInt(item.id.replace("item-", ""), 10); }

  function setState(item, text) {
    var el = item.querySelector("[data-save-state]");
    if (el) el.textContent = text;
  }

  function errorText(body) {
    if (body && body.answers) return body.answers.join(" ");
    if (body && body.detail) return body.detail;
    return "Not saved. Use “Save and finish later” at the bottom.";
  }

  function save(item, payload) {
    setState(item, "Saving…");
    fetch(api, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify([payload])
    }).then(function (response) {
      if (response.ok) { setState(item, "Saved"); return; }
      return response.json().then(function (body) { setState(item, errorText(body)); },
                                  function () { setState(item, errorText(null)); });
    }).catch(function () {
      setState(item, "Not saved: no connection. Your choice stays on this page; try again or use “Save and finish later”.");
    });
  }

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
    var item = target.closest("fieldset.item");
    if (!item) return;
    var payload = { behavior: behaviorOf(item) };
    if (target.type === "radio") {
      payload[target.name.split("-").slice(1).join("-")] = target.value;
      updateProgress();
    } else if (target.tagName === "TEXTAREA") {
      clearTimeout(timers[item.id]);
      payload.note = target.value;
    } else {
      return;
    }
    save(item, payload);
  });

  // Notes also save a moment after typing stops, not only when the field loses focus.
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.tagName !== "TEXTAREA") return;
    var item = target.closest("fieldset.item");
    clearTimeout(timers[item.id]);
    timers[item.id] = setTimeout(function () {
      save(item, { behavior: behaviorOf(item), note: target.value });
    }, 1200);
  });

  // Coming back: bring the first unanswered behavior into view.
  if (!window.location.hash && updateProgress() > 0) {
    var next = form.querySelector("fieldset.item-open");
    if (next) next.scrollIntoView({ block: "start" });
  }
})();
