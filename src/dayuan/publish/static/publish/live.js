/* Fills in what a baked page can't hold for every reader: this reader's CSRF
   token, a fresh captcha and the live counters. Without JavaScript the page
   still reads the same; only posting needs it. */
(function () {
  "use strict";
  // engage.js fills article pages itself (from /api/stats/<id>).
  if (!window.fetch || document.querySelector("[data-engage-article]")) return;
  var forms = document.querySelectorAll("form[method=post]");
  if (!forms.length) return;
  var article = "";
  for (var i = 0; i < forms.length; i++) {
    var m = /\/(?:comments|likes)\/(\d+)\//.exec(forms[i].getAttribute("action") || "");
    if (m) { article = m[1]; break; }
  }
  fetch("/api/form-token/" + (article ? "?article=" + article : ""), {credentials: "same-origin"})
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;
      Array.prototype.forEach.call(forms, function (form) {
        var token = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (!token) {
          token = document.createElement("input");
          token.type = "hidden";
          token.name = "csrfmiddlewaretoken";
          form.appendChild(token);
        }
        if (!token.value) token.value = data.csrf;
        var key = form.querySelector("input[name=captcha_0]");
        if (key && !key.value && data.captcha) {
          key.value = data.captcha.key;
          var img = form.querySelector("img.captcha");
          if (img) img.src = data.captcha.image;
        }
      });
      if (data.counts) {
        Array.prototype.forEach.call(document.querySelectorAll("[data-like-count]"), function (el) {
          el.textContent = data.counts.likes;
        });
        Array.prototype.forEach.call(document.querySelectorAll(".comment-count"), function (el) {
          el.textContent = data.counts.comments;
        });
      }
    })
    .catch(function () {});
})();
