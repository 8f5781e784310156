/* The home page's 幻灯: a scroll-snap strip that works by swiping without this file;
   with it, previous/next buttons, one dot per slide, arrow keys and a gentle auto-advance
   that stops while the reader points at, focuses or has asked for reduced motion. */
(function () {
  "use strict";
  var slider = document.querySelector(".slider");
  if (!slider) return;
  var track = slider.querySelector(".slider-track");
  var slides = track.querySelectorAll(".slide");
  var controls = slider.querySelector(".slider-controls");
  if (!controls || slides.length < 2) return;
  var dots = controls.querySelectorAll(".slider-dot");
  var current = 0;
  var timer = null;
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function mark(index) {
    current = index;
    dots.forEach(function (dot, i) {
      if (i === index) dot.setAttribute("aria-current", "true");
      else dot.removeAttribute("aria-current");
    });
  }
  function go(index) {
    index = (index + slides.length) % slides.length;
    track.scrollTo({ left: slides[index].offsetLeft - track.offsetLeft, behavior: still ? "auto" : "smooth" });
    mark(index);
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } }
  function start() {
    if (still || timer) return;
    timer = setInterval(function () { go(current + 1); }, 5000);
  }

  controls.hidden = false;
  controls.querySelector(".slider-prev").addEventListener("click", function () { stop(); go(current - 1); });
  controls.querySelector(".slider-next").addEventListener("click", function () { stop(); go(current + 1); });
  dots.forEach(function (dot, i) { dot.addEventListener("click", function () { stop(); go(i); }); });
  slider.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") { stop(); go(current + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { stop(); go(current - 1); event.preventDefault(); }
  });
  // Swiping moves the strip by itself: keep the dots in step with what is shown.
  var settle = null;
  track.addEventListener("scroll", function () {
    clearTimeout(settle);
    settle = setTimeout(function () {
      var index = Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
      if (index !== current && index < slides.length) mark(index);
    }, 100);
  }, { passive: true });
  slider.addEventListener("mouseenter", stop);
  slider.addEventListener("focusin", stop);
  slider.addEventListener("mouseleave", start);
  mark(0);
  start();
})();
