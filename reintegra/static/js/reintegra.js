// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // GOV.UK pattern: move focus to the error summary so that screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
