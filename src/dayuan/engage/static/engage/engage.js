/* Dayuan readers' voice: counts the view, fills the per-visitor values from
   /api/stats/<id> (so cached or baked pages stay correct), and submits
   likes and comments in place. Without this file every form still works. */
(function () {
  "use strict";
  var section = document.querySelector("[data-engage-article]");
  if (!section || !window.fetch) return;
  var id = section.getAttribute("data-engage-article");
  var box = section.querySelector(".engage-messages");

  function setAll(selector, value) {
    document.querySelectorAll(selector).forEach(function (el) { el.textContent = value; });
  }
  function show(text, level) {
    if (!box) return;
    box.innerHTML = "";
    var li = document.createElement("li");
    li.className = level || "info";
    li.textContent = text;
    box.appendChild(li);
    box.hidden = false;
  }
  function setToken(token) {
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (el) { el.value = token; });
  }
  function markLiked(liked) {
    document.querySelectorAll("[data-engage-like] .like-button").forEach(function (b) {
      b.classList.toggle("liked", !!liked);
      b.setAttribute("aria-pressed", liked ? "true" : "false");
    });
  }
  function post(form) {
    return fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
    }).then(function (r) {
      return r.json().catch(function () { return { ok: false, message: "提交失败（" + r.status + "），请稍后再试。" }; });
    }, function () { return { ok: false, message: "网络错误，请稍后再试。" }; });
  }

  // Count the view (the beacon never touches the database per view).
  var beacon = "/api/views/" + id;
  if (navigator.sendBeacon) navigator.sendBeacon(beacon);
  else fetch(beacon, { method: "POST", keepalive: true });

  fetch("/api/stats/" + id, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) return;
      setAll("[data-like-count]", data.likes);
      setAll("[data-comment-count]", data.comments);
      document.querySelectorAll("[data-view-count]").forEach(function (el) { el.textContent = data.views; });
      markLiked(data.liked);
      if (data.csrf_token) setToken(data.csrf_token);
      if (data.messages && data.messages.length) {
        data.messages.forEach(function (m, i) { if (i === 0) show(m.text, m.level); });
      }
    });

  document.querySelectorAll("[data-engage-like]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      post(form).then(function (data) {
        if (data.likes !== undefined) setAll("[data-like-count]", data.likes);
        if (data.ok) markLiked(true);
        else show(data.message, "error");
      });
    });
  });

  // Captcha: refreshable; see below for when it is fetched without a click.
  var form = section.querySelector(".comment-form");
  if (!form) return;
  var refreshButton = form.querySelector(".captcha-refresh");
  var captchaAsked = 0;  // only the latest request's answer is shown (a click during the first fetch)
  function refreshCaptcha(keepAnswer) {
    var shown = form.querySelector("input[name=captcha_0]");
    var asked = ++captchaAsked;
    return fetch("/captcha/refresh/?not=" + encodeURIComponent(shown ? shown.value : ""),
                 { headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (asked !== captchaAsked) return;
        var img = form.querySelector("img.captcha");
        var key = form.querySelector("input[name=captcha_0]");
        var answer = form.querySelector("input[name=captcha_1]");
        if (img) img.src = data.image_url;
        if (key) key.value = data.key;
        if (answer && keepAnswer !== true) answer.value = "";
      }).catch(function () {});
  }
  if (refreshButton) {
    refreshButton.hidden = false;
    refreshButton.addEventListener("click", function () { refreshCaptcha(); });
  }
  var img = form.querySelector("img.captcha");
  if (img) { img.style.cursor = "pointer"; img.title = "看不清？点击换一张"; img.addEventListener("click", function () { refreshCaptcha(); }); }
  var captchaKey = form.querySelector("input[name=captcha_0]");
  if (captchaKey && !captchaKey.value) {
    // A baked page carries no captcha: fetch this reader's now, so the image is there
    // before anyone clicks.
    refreshCaptcha(true);
  } else {
    // A cached copy's single-use key may be spent: refresh once when the reader starts.
    form.addEventListener("focusin", function once() {
      form.removeEventListener("focusin", once);
      refreshCaptcha(true);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    post(form).then(function (data) {
      button.disabled = false;
      form.querySelectorAll(".errorlist").forEach(function (el) { el.remove(); });
      show(data.message, data.ok ? "success" : "error");
      if (data.ok) {
        form.querySelector("textarea[name=content]").value = "";
        if (data.comments !== undefined) setAll("[data-comment-count]", data.comments);
        if (data.comment) {
          var list = section.querySelector(".comment-list");
          list.hidden = false;
          var li = document.createElement("li");
          li.className = "comment";
          var meta = document.createElement("p");
          meta.className = "comment-meta";
          meta.textContent = data.comment.nickname;
          var body = document.createElement("p");
          body.className = "comment-body";
          body.textContent = data.comment.content;
          li.appendChild(meta);
          li.appendChild(body);
          list.appendChild(li);
        }
      }
      refreshCaptcha();
    });
  });
})();
