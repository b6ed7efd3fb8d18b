// Draws every <canvas data-chart="<id of a JSON script>"> with Chart.js (static/vendor/chartjs/, docs/charts.md).
// The data comes from {% chart %} (ui/templatetags/nlds.py) as <script type="application/json">, which the browser
// never executes: the Content-Security-Policy allows no inline script and no eval. The numbers themselves are in
// the table alternative under each chart; colour never carries meaning alone.
(function () {
  "use strict";
  var PALETTE = ["#24578f", "#a4161a", "#2f6b1f", "#8a4500", "#5b2a86", "#0e6b6b"];
  var WARN = "#a4161a";
  var THRESHOLD = "#8a4500";

  function locale() {
    return (document.documentElement.lang || "nl").indexOf("en") === 0 ? "en-GB" : "nl-NL";
  }

  function formatter(unit) {
    var options = { maximumFractionDigits: 2 };
    if (unit === "procent") { options = { style: "percent", maximumFractionDigits: 1 }; }
    if (unit === "euro") { options = { style: "currency", currency: "EUR" }; }
    var format = new Intl.NumberFormat(locale(), options);
    return function (value) { return value === null || value === undefined ? "—" : format.format(value); };
  }

  // A long category name on a phone: on lines of at most `width` characters, broken between words.
  function wrap(label, width) {
    var words = String(label).split(" "), lines = [], line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // The threshold as a dashed line across the value axis (Chart.js has no annotations without a plugin).
  var thresholdLine = {
    id: "toegangThreshold",
    afterDatasetsDraw: function (chart, args, options) {
      if (options.value === null || options.value === undefined) { return; }
      var horizontal = chart.options.indexAxis === "y";
      var scale = horizontal ? chart.scales.x : chart.scales.y;
      var at = scale.getPixelForValue(options.value);
      var area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = THRESHOLD;
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      if (horizontal) { ctx.moveTo(at, area.top); ctx.lineTo(at, area.bottom); }
      else { ctx.moveTo(area.left, at); ctx.lineTo(area.right, at); }
      ctx.stroke();
      ctx.restore();
    }
  };

  function draw(canvas) {
    if (!window.Chart || Chart.getChart(canvas)) { return; }
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var format = formatter(data.unit);
    var horizontal = data.kind === "hbar";
    var stacked = data.kind === "stacked";
    var line = data.kind === "line";
    var narrow = window.matchMedia("(max-width: 40rem)").matches;
    var single = data.series.length === 1;
    var datasets = data.series.map(function (series, index) {
      var colour = PALETTE[index % PALETTE.length];
      var colours = colour;
      if (single && !line && data.threshold !== null) {
        colours = series.values.map(function (v) { return v !== null && v >= data.threshold ? WARN : colour; });
      }
      return {
        label: series.name, data: series.values, backgroundColor: colours, borderColor: colour,
        borderWidth: line ? 3 : 0, pointRadius: line ? 4 : 0, pointStyle: ["circle", "rect", "triangle", "rectRot"][index % 4],
        spanGaps: true
      };
    });
    if (horizontal) {
      // room for every bar and its (wrapped) name; set through the CSSOM, which the CSP allows
      canvas.parentNode.style.height = Math.max(160, data.labels.length * (narrow ? 56 : 36) + 70) + "px";
    }
    var valueAxis = {
      beginAtZero: !line, stacked: stacked,
      ticks: { callback: function (value) { return format(value); } }
    };
    if (data.unit === "aantal") { valueAxis.ticks.precision = 0; }  // no 0,5 household on a count axis
    if (data.unit === "procent") { valueAxis.suggestedMax = 1; }
    if (data.threshold !== null) { valueAxis.suggestedMax = Math.max(valueAxis.suggestedMax || 0, data.threshold * 1.1); }
    if (data.min !== null && data.min !== undefined) { valueAxis.min = data.min; }
    if (data.max !== null && data.max !== undefined) { valueAxis.max = data.max; }
    var categoryAxis = {
      stacked: stacked,
      ticks: horizontal ? {
        autoSkip: false,
        callback: function (value) { return wrap(this.getLabelForValue(value), narrow ? 18 : 40); }
      } : {}
    };
    new Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        locale: locale(),
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: !single, labels: { usePointStyle: true } },
          title: { display: false },
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + format(item.raw); } } },
          toegangThreshold: { value: data.threshold }
        }
      },
      plugins: [thresholdLine]
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // a chart that htmx swaps in (a fragment of the page)
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
