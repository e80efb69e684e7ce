/* Suggestions while typing in the search box (a static file: the CSP allows no inline script). */
(function () {
  var input = document.getElementById("search-q"), list = document.getElementById("search-suggestions"), timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (input.value.trim().length < 2) { return; }
    timer = setTimeout(function () {
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(input.value), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          list.replaceChildren.apply(list, items.map(function (item) {
            var option = document.createElement("option"); option.value = item.title; return option;
          }));
        });
    }, 150);
  });
})();
