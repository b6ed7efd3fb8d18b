// After a form came back with errors, move focus to the error summary so it is read first (NL Design System).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("foutoverzicht");
  if (summary) { summary.focus(); }
});

// On a narrow screen the menu folds behind the "Menu" button (toegang.css; from 60rem it is always shown). Without
// JavaScript the button stays hidden and the menu open.
document.addEventListener("DOMContentLoaded", function () {
  var header = document.querySelector(".toegang-header");
  var button = header && header.querySelector(".toegang-menu-button");
  if (!button) { return; }
  header.classList.add("toegang-header--folding");
  button.hidden = false;
  function setOpen(open) {
    header.classList.toggle("toegang-header--open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
});
