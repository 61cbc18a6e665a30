// Meeting form: "+ Tambah ..." adds one more row to a formset (agenda, decisions,
// recommendations, follow-ups) by copying its empty form and renumbering __prefix__.
(function () {
  "use strict";
  document.querySelectorAll(".formset").forEach(function (box) {
    var prefix = box.dataset.prefix;
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = box.querySelector("template.formset-empty");
    var rows = box.querySelector(".formset-rows");
    var button = box.querySelector(".formset-add");
    if (!total || !template || !rows || !button) { return; }
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("tbody");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  });
})();
