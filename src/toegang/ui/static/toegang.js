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

// The "Inzicht" disclosure in the menu (ui/base.html) closes on Escape and on a click outside it, like a menu would;
// without JavaScript it opens and closes with its summary only.
document.addEventListener("DOMContentLoaded", function () {
  var groups = document.querySelectorAll(".toegang-nav__details");
  if (!groups.length) { return; }
  document.addEventListener("click", function (event) {
    groups.forEach(function (details) {
      if (details.open && !details.contains(event.target)) { details.open = false; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    groups.forEach(function (details) {
      if (details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  });
});

// A select marked data-submit-on-change sends its form when a choice is made (the language selector in ui/base.html;
// without JavaScript its <noscript> button does). A listener here, not an onchange attribute: the
// Content-Security-Policy runs no inline script (docs/security.md).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change") && target.form) {
    target.form.submit();
  }
});
