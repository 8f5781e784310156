// The share block's 复制链接 button (shown only where this script runs: CSP allows no inline script).
(function () {
  "use strict";
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = document.execCommand("copy");
    document.body.removeChild(field);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.querySelectorAll(".share-copy[data-share-url]").forEach(function (button) {
    var status = button.parentNode.querySelector(".share-done");
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-share-url")).then(
        function () { status.textContent = "链接已复制，可以粘贴给朋友了。"; },
        function () { status.textContent = "无法自动复制，请复制页面下方的“本文地址”。"; }
      );
    });
  });
})();
