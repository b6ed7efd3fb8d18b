// After a form came back with errors, move focus to the error summary so it is read first (NL Design System).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("foutoverzicht");
  if (summary) { summary.focus(); }
});
