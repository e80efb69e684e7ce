// Template editor: the field picker inserts {{ field }} where the cursor is (in Draftail, or in the SMS textarea);
// the preview posts the form as it stands to ?apercu=1 and shows the server's rendering of the sample data.
(function () {
  const form = document.getElementById("template-editor");
  if (!form) return;
  const body = form.querySelector("[name=body]");
  const picker = form.querySelector("[name=field_picker]");
  const preview = document.querySelector("[data-role=preview]");
  const error = document.querySelector("[data-role=preview-error]");
  const sms = document.querySelector("[data-role=sms-count]");

  function insert(text) {
    const editor = body.draftailEditor;
    if (editor) {
      // Draft.js takes the browser's own text input, so the insertion lands in its state at the cursor.
      editor.focus();
      document.execCommand("insertText", false, text);
      return;
    }
    const start = body.selectionStart ?? body.value.length;
    body.value = body.value.slice(0, start) + text + body.value.slice(body.selectionEnd ?? start);
    body.focus();
    refresh();
  }

  form.querySelector("[data-role=insert]").addEventListener("click", function () {
    if (picker.value) insert("{{ " + picker.value + " }}");
  });

  let timer = null;
  let last = null;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      const data = new FormData(form);
      const key = JSON.stringify([data.get("subject"), data.get("body")]);
      if (key === last) return;
      last = key;
      fetch("?apercu=1", {method: "POST", credentials: "same-origin", body: data})
        .then(function (r) { return r.json(); })
        .then(function (result) {
          error.hidden = !result.error;
          error.textContent = result.error || "";
          // The server's HTML went through the sanitiser; an SMS is plain text.
          if (form.dataset.kind === "sms") { preview.textContent = result.body || ""; } else { preview.innerHTML = result.body || ""; }
          sms.hidden = !result.sms;
          if (result.sms) sms.textContent = result.sms.characters + " caractères, " + result.sms.encoding + ", " + result.sms.segments + " SMS";
        });
    }, 300);
  }
  // Draftail writes its content into the hidden input on each change, without an input event: poll it, cheaply.
  form.addEventListener("input", refresh);
  setInterval(refresh, 700);
  refresh();
})();
