// Recap PDF progress: poll each queued or running recap until it is done or failed.
(function () {
  "use strict";
  var items = document.querySelectorAll("[data-recap-status]");
  function poll(item) {
    fetch(item.getAttribute("data-recap-status"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var target = item.querySelector(".js-status");
        item.setAttribute("data-status", data.status);
        if (data.url) {
          var link = document.createElement("a");
          link.href = data.url;
          link.textContent = item.getAttribute("data-download-label") || data.label;
          target.replaceChildren(link);
          return;
        }
        target.textContent = data.error ? data.label + ": " + data.error : data.label;
        if (data.status === "queued" || data.status === "running") {
          window.setTimeout(function () { poll(item); }, 2000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(item); }, 5000); });
  }
  items.forEach(function (item) {
    var status = item.getAttribute("data-status");
    if (status === "queued" || status === "running") { poll(item); }
  });
})();
