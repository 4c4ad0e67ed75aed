// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // GOV.UK pattern: move focus to the error summary so that screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});

// A database outage answers 503 with a short notice (reintegra/core/errors.py): htmx does
// not swap error responses by default, so the notice would not be seen; swap this one.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 503) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
