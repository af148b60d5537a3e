// milepost serve: live reload. Injected into served pages only; never part of a built site.
(function () {
  "use strict";
  var overlay = null;
  function hideProblem() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showProblem(text) {
    hideProblem();
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.id = "milepost-problem";
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;" +
      "background:rgba(20,20,24,.94);color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    var title = document.createElement("p");
    title.style.cssText = "font:600 1.1rem system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a8";
    title.textContent = "The site cannot be rebuilt. The last good version is still served; fix the file and this goes away.";
    var pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    pre.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "position:absolute;top:1rem;right:1rem;font:inherit;padding:.25rem .75rem";
    close.onclick = hideProblem;
    overlay.appendChild(close);
    overlay.appendChild(title);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }
  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      url.searchParams.set("milepost", String(Date.now()));
      links[i].href = url.toString();
    }
  }
  function reload(data) {
    var project = null;
    try { project = JSON.parse(data || "{}").project; } catch (e) { project = null; }
    var path = location.pathname;
    // bring the browser to the report of the project being edited, unless it already shows one of its pages
    // or a site-wide page that compares projects
    if (project && path.indexOf("/" + project + "/") !== 0 && !/\/(compare|priorities)\//.test(path)) {
      location.href = "/" + project + "/index.html";
      return;
    }
    location.reload();
  }
  var source = new EventSource("/__milepost/events");
  source.addEventListener("reload", function (e) { reload(e.data); });
  // the site-wide pages (index, comparison, priorities) follow a project's own pages
  source.addEventListener("site", function (e) {
    var project = null;
    try { project = JSON.parse(e.data || "{}").project; } catch (err) { project = null; }
    if (!project || location.pathname.indexOf("/" + project + "/") !== 0) { location.reload(); }
  });
  source.addEventListener("css", function () { hideProblem(); swapCss(); });
  source.addEventListener("problem", function (e) { showProblem(e.data); });
  source.addEventListener("hello", hideProblem);
})();
