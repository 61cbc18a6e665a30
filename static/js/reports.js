// Live progress of a report being generated: polls the JSON status endpoint until it is done or failed.
(function () {
  "use strict";
  var box = document.querySelector("[data-report-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-report-status-url");
  var bar = box.querySelector("[data-report-progress]");
  var fill = bar ? bar.querySelector("span") : null;
  var text = box.querySelector("[data-report-progress-text]");
  var badge = box.querySelector("[data-report-badge] .badge");
  var failure = box.querySelector("[data-report-failure]");
  var hint = box.querySelector("[data-report-hint]");
  var downloadWrap = document.querySelector("[data-report-download-wrap]");
  var download = document.querySelector("[data-report-download]");
  var delay = 1000;

  function show(state) {
    var progress = Math.max(0, Math.min(100, state.progress || 0));
    if (fill) { fill.style.width = progress + "%"; }
    if (bar) {
      bar.setAttribute("aria-valuenow", String(progress));
      bar.classList.toggle("ok", state.status === "done");
      bar.classList.toggle("bad", state.status === "failed");
    }
    if (text) { text.textContent = progress + " %"; }
    if (badge && state.status_label) {
      badge.textContent = state.status_label;
      badge.className = "badge" + ({done: " badge-ok", failed: " badge-bad", running: " badge-info"}[state.status] || "");
    }
    box.setAttribute("data-status", state.status);
    if (state.status === "failed" && failure) {
      failure.textContent = state.failure_reason || "";
      failure.hidden = false;
    }
    if (state.done && download) {
      download.setAttribute("href", state.download_url);
      if (downloadWrap) { downloadWrap.hidden = false; }
    }
    if (!state.active && hint) { hint.hidden = true; }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.active) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  show({
    status: box.getAttribute("data-status"),
    progress: parseInt(box.getAttribute("data-progress"), 10) || 0,
    active: ["queued", "running"].indexOf(box.getAttribute("data-status")) !== -1
  });
  if (["queued", "running"].indexOf(box.getAttribute("data-status")) !== -1) { window.setTimeout(poll, 500); }
}());
