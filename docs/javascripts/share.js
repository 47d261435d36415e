// The share bar beneath each chart and table (macros/website/embeds.py). Without JavaScript a reader has the
// downloads, the permalink and the embed code to select; with it, "copy embed code" (the embed page's full address,
// from where this page is served) and a PNG of a chart, drawn from its inline SVG in the reader's colours.
(function () {
  "use strict";

  function embedCode(bar) {
    var code = bar.querySelector(".budget-share__code textarea");
    var address = new URL(code.dataset.src, window.location.href).href;
    code.value = code.value.replace(/src="[^"]*"/, 'src="' + address + '"');
    return code;
  }

  function say(bar, text) {
    bar.querySelector(".budget-share__status").textContent = text;
  }

  function copy(bar, button) {
    var code = embedCode(bar);
    var done = function () { say(bar, button.dataset.copied); };
    var failed = function () {
      bar.querySelector(".budget-share__code").open = true;
      code.focus();
      code.select();
      say(bar, button.dataset.failed);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.value).then(done, failed);
    } else {
      failed();
    }
  }

  // The chart as a PNG at twice its drawn size: its SVG with the page's text colour and background written in
  // (the inline SVG draws text in currentColor), onto a canvas.
  function png(button) {
    var figure = document.getElementById(button.dataset.chart);
    var svg = figure && figure.querySelector("svg");
    if (!svg) return;
    var box = svg.viewBox.baseVal;
    var style = window.getComputedStyle(figure);
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("width", box.width);
    copy.setAttribute("height", box.height);
    copy.setAttribute("color", style.color);
    var source = new XMLSerializer().serializeToString(copy).replace(/currentColor/g, style.color);
    var image = new Image();
    image.onload = function () {
      var scale = 2 * (96 / 72); // the viewBox is in points
      var canvas = document.createElement("canvas");
      canvas.width = Math.ceil(box.width * scale);
      canvas.height = Math.ceil(box.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = window.getComputedStyle(document.body).backgroundColor || "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.dataset.chart + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(source);
  }

  function init() {
    document.querySelectorAll(".budget-share").forEach(function (bar) {
      var copyButton = bar.querySelector(".budget-share__copy");
      copyButton.hidden = false;
      copyButton.addEventListener("click", function () { copy(bar, copyButton); });
      bar.querySelector(".budget-share__code").addEventListener("toggle", function () { embedCode(bar); });
      var pngButton = bar.querySelector(".budget-share__png");
      if (pngButton) {
        pngButton.hidden = false;
        pngButton.addEventListener("click", function () { png(pngButton); });
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
