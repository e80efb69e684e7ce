// Theme picker filter: typing narrows the themes (accents and case ignored); a parent stays shown while one of its
// sub-themes matches, a checked theme is never hidden, Enter does not submit the page form.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setUp(picker) {
    var filter = picker.querySelector("[data-theme-filter]");
    var count = picker.querySelector("[data-theme-count]");
    function apply() {
      var wanted = fold(filter.value.trim());
      var shown = 0;
      picker.querySelectorAll("[data-theme-group]").forEach(function (group) {
        var options = group.querySelectorAll("[data-theme-option]");
        var parentMatches = !wanted || fold(options[0].dataset.label).indexOf(wanted) !== -1;
        var anyShown = false;
        options.forEach(function (option, index) {
          var checked = option.querySelector("input").checked;
          var visible = parentMatches || checked || fold(option.dataset.label).indexOf(wanted) !== -1;
          var row = index === 0 ? option : option.parentNode;
          row.hidden = !visible && index !== 0;
          if (visible) { shown += 1; anyShown = true; }
        });
        group.hidden = !anyShown;
      });
      count.textContent = wanted ? shown + " " + (shown > 1 ? count.dataset.many : count.dataset.one) : "";
    }
    filter.addEventListener("input", apply);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }
  function start() {
    document.querySelectorAll("[data-theme-picker]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
