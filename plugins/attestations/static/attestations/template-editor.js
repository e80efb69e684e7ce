// Template editor: the field picker inserts {{ field }} at the cursor; the preview is rendered by the API as one types.
(function () {
  const form = document.getElementById("template-editor");
  if (!form) return;
  const body = form.querySelector("[data-role=body]");
  const subject = form.querySelector("[name=subject]");
  const picker = form.querySelector("[name=field_picker]");
  const preview = document.querySelector("[data-role=preview]");
  const error = document.querySelector("[data-role=preview-error]");
  const sms = document.querySelector("[data-role=sms-count]");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  form.querySelector("[data-role=insert]").addEventListener("click", function () {
    if (!picker.value) return;
    const text = "{{ " + picker.value + " }}";
    const start = body.selectionStart ?? body.value.length;
    body.value = body.value.slice(0, start) + text + body.value.slice(body.selectionEnd ?? start);
    body.focus();
    refresh();
  });
  let timer = null;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(form.dataset.previewUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
        body: JSON.stringify({kind: form.dataset.kind, subject: subject.value, body: body.value}),
      }).then(function (r) { return r.json(); }).then(function (data) {
        error.hidden = !data.error;
        error.textContent = data.error || "";
        if (form.dataset.kind === "sms") { preview.textContent = data.body || ""; } else { preview.innerHTML = data.body || ""; }
        sms.hidden = !data.sms;
        if (data.sms) sms.textContent = data.sms.characters + " caractères, " + data.sms.encoding + ", " + data.sms.segments + " SMS";
      });
    }, 250);
  }
  body.addEventListener("input", refresh);
  subject.addEventListener("input", refresh);
  refresh();
})();
