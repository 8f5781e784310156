// 生成静态: poll each running job's progress until it finishes (no inline script: CSP).
(function () {
  "use strict";
  function poll(row) {
    var url = row.getAttribute("data-progress-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        row.querySelector(".bake-status").textContent = job.status_label;
        row.querySelector("progress").value = job.percent;
        row.querySelector("progress").textContent = job.percent + "%";
        row.querySelector(".bake-count").textContent = job.done + " / " + job.total;
        row.querySelector(".bake-summary").textContent = job.summary;
        if (!job.finished) {
          window.setTimeout(function () { poll(row); }, 1000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("tr.bake-job[data-progress-url]").forEach(poll);
  });
})();
