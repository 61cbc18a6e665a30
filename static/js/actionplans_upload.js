// Upload progress for blank and evidence forms: the page stays, a bar shows the bytes sent,
// then the page the server redirected to (preview, or the form with its messages) is shown.
(function () {
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      var bar = form.querySelector("progress");
      if (!bar) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      bar.classList.add("active");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        // Show the page the redirect led to as it was rendered (its one-time messages included).
        if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () { form.submit(); });
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      xhr.send(new FormData(form));
    });
  });
})();
