/* Interactive network graph (Cytoscape.js, served by the app). The page works without it: the
   server-drawn SVG and the tables show the same data. The library is loaded only on request. */
(function () {
  "use strict";
  function start() {
    var button = document.getElementById("network-toggle");
    var holder = document.getElementById("network-graph");
    var data = document.getElementById("network-data");
    if (!button || !holder || !data) { return; }
    var elements = JSON.parse(data.textContent || "[]");
    if (!elements.length) { return; }
    button.hidden = false;
    var shown = false;
    button.addEventListener("click", function () {
      if (shown) { return; }
      shown = true;
      button.disabled = true;
      var script = document.createElement("script");
      script.src = button.getAttribute("data-src");
      script.onload = function () {
        holder.hidden = false;
        var staticFigure = document.getElementById("network-static");
        if (staticFigure) { staticFigure.hidden = true; }
        button.hidden = true;
        /* global cytoscape */
        cytoscape({
          container: holder,
          elements: elements,
          layout: { name: "preset", fit: true, padding: 20 },
          wheelSensitivity: 0.3,
          style: [
            { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)",
              "width": "data(size)", "height": "data(size)", "font-size": 10, "text-valign": "bottom",
              "text-margin-y": 3, "border-width": 1, "border-color": "#1b1f24" } },
            { selector: "edge", style: { "width": "mapData(weight, 1, 6, 1, 6)", "line-color": "#8c959f",
              "curve-style": "straight", "opacity": 0.8 } },
            { selector: "edge[cross = 1]", style: { "line-color": "#D55E00", "line-style": "dashed" } },
            { selector: ":selected", style: { "border-width": 3, "border-color": "#f0b400" } }
          ]
        }).on("tap", "node", function (event) {
          var node = event.target;
          holder.setAttribute("title", node.data("name") + " (" + (node.data("country") || "?") + ")");
        });
      };
      script.onerror = function () { button.disabled = false; shown = false; };
      document.head.appendChild(script);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
