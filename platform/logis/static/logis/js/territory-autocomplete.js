/* Territory and address autocompletes: ask the JSON endpoints as the person types, show a short list.
   Results are inserted with textContent only (never HTML), so a name can never inject markup. */
(function () {
  "use strict";
  function debounce(fn, ms) { let t; return function (...a) { clearTimeout(t); t = setTimeout(() => fn.apply(this, a), ms); }; }

  function showList(list, results, label, onPick) {
    list.replaceChildren();
    results.forEach((item) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.tabIndex = 0;
      li.textContent = label(item);
      li.addEventListener("click", () => { onPick(item); list.hidden = true; });
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); li.click(); } });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
  }

  function fetchJson(url, params) {
    const query = new URLSearchParams(params);
    return fetch(url + "?" + query.toString(), { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : { results: [] }));
  }

  function territory(box) {
    const input = box.querySelector(".logis-autocomplete__query");
    const list = box.querySelector(".logis-autocomplete__results");
    const select = box.querySelector("select");
    input.addEventListener("input", debounce(() => {
      if (input.value.trim().length < 2) { list.hidden = true; return; }
      fetchJson(box.dataset.url, { q: input.value, kinds: box.dataset.kinds, permission: box.dataset.permission })
        .then((data) => showList(list, data.results, (t) => `${t.label} — ${t.kind}${t.context ? ", " + t.context : ""}`, (t) => {
          if (!select.multiple) { select.replaceChildren(); }
          if (![...select.options].some((o) => o.value === String(t.id))) { select.add(new Option(t.label, t.id, true, true)); }
          select.dispatchEvent(new Event("change", { bubbles: true }));
          input.value = "";
        }));
    }, 250));
  }

  function address(input) {
    const box = input.closest(".logis-address");
    const list = box.querySelector(".logis-autocomplete__results");
    const notice = box.querySelector(".logis-address__notice");
    input.addEventListener("input", debounce(() => {
      if (input.value.trim().length < 3) { list.hidden = true; return; }
      fetchJson(input.dataset.addressUrl, { q: input.value }).then((data) => {
        notice.textContent = data.notice || ""; notice.hidden = !data.notice;
        showList(list, data.results, (a) => a.label, (a) => {
          if (a.street) { input.value = a.street; }
          const form = input.form;
          const fill = (name, value) => { const f = form && form.elements.namedItem(name); if (f && value) { f.value = value; } };
          fill("postcode", a.postcode); fill("latitude", a.latitude); fill("longitude", a.longitude);
        });
      });
    }, 250));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".logis-autocomplete").forEach(territory);
    document.querySelectorAll("input[data-address-url]").forEach(address);
  });
})();
