// "Report a problem" (docs/overrides/main.html): the new issue names the page's full address and the table or
// chart the reader was looking at (the address's #anchor, kept current by Material's navigation.tracking), filled
// in when the link is followed. Without JavaScript the link names the page as built.
(function () {
  "use strict";

  function init() {
    var link = document.querySelector("a.report-problem__link[data-issues]");
    if (!link) return;
    function refresh() {
      var anchor = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : "—";
      var address = window.location.href;
      var query = new URLSearchParams();
      query.set("title", link.dataset.title);
      query.set("body", link.dataset.body.replace("{address}", address).replace("{anchor}", anchor));
      link.href = link.dataset.issues + "?" + query.toString();
    }
    ["click", "focus", "mouseover"].forEach(function (event) {
      link.addEventListener(event, refresh);
    });
    window.addEventListener("hashchange", refresh);
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
