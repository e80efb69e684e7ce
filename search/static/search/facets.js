// The neutral theme's « Affiner les résultats » disclosure: folded on small screens (results first), open on wide ones.
document.querySelectorAll("details[data-open-from]").forEach(function (panel) {
  if (window.matchMedia("(min-width: " + panel.dataset.openFrom + ")").matches) {
    panel.open = true;
  }
});
