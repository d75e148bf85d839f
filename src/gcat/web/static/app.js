// gcat: autosave of answers and plan tracking. Plain JavaScript, no dependencies, no network
// beyond this app. Every change is sent at once; the state line says "saved" or "not saved".
"use strict";

(function () {
  const messages = document.getElementById("messages");
  const msg = (key) => (messages ? messages.dataset[key] || "" : "");
  const tokenTag = document.querySelector('meta[name="csrf-token"]');
  const csrf = { "X-CSRF-Token": tokenTag ? tokenTag.content : "" };

  function setState(form, text, failed) {
    const state = form.querySelector(".save .state");
    const retry = form.querySelector(".save .retry");
    if (state) state.textContent = text;
    if (retry) retry.hidden = !failed;
    form.classList.toggle("failed", !!failed);
  }

  async function send(form, url, body) {
    setState(form, msg("saving"), false);
    let response;
    try {
      response = await fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Accept: "application/json", ...csrf },
        body: JSON.stringify(body),
      });
    } catch (error) {
      setState(form, msg("failed"), true);
      return null;
    }
    const data = await response.json().catch(() => ({}));
    if (response.status === 409) {
      // a signed assessment says how to make a new version; a stale answer asks to reload
      setState(form, data.code === "assessment.locked" ? data.message : msg("conflict"), true);
      return null;
    }
    if (!response.ok) {
      const field = data.field ? form.querySelector(`[name="${data.field}"]`) : null;
      if (data.field === "change_reason") {
        const box = form.querySelector(".change-reason");
        if (box) box.hidden = false;
      }
      setState(form, `${msg("failed")} ${data.message || ""}`, true);
      if (field) field.focus();
      return null;
    }
    setState(form, msg("saved"), false);
    return data;
  }

  // ── answers ──────────────────────────────────────────────────────────────────────────
  function answerBody(form) {
    const level = form.querySelector('input[name="level"]:checked');
    const value = (name) => {
      const field = form.elements.namedItem(name);
      return field ? field.value : "";
    };
    const na = level && level.value === "na";
    const target = value("target");
    return {
      level: level && !na ? Number(level.value) : null,
      not_applicable: !!na,
      reason: na ? value("reason") : "",
      target: target === "" ? null : Number(target),
      comment: value("comment"),
      evidence_note: value("evidence_note"),
      flagged: form.elements.namedItem("flagged").checked,
      change_reason: value("change_reason"),
      version: Number(form.dataset.version || 0),
    };
  }

  function updateProgress(change) {
    const forms = document.querySelectorAll("form.answer");
    if (!forms.length) return;
    const answered = [...forms].filter((f) => f.dataset.answered === "1").length;
    const bar = document.getElementById("p-domain");
    const text = document.getElementById("p-domain-text");
    if (bar) bar.value = answered;
    if (text) text.textContent = msg("answered").replace("{answered}", answered).replace("{total}", forms.length);
    const box = document.getElementById("progress");
    const all = document.getElementById("p-all");
    const allText = document.getElementById("p-all-text");
    if (box && all && change) {
      box.dataset.answered = Number(box.dataset.answered) + change;
      const share = (100 * Number(box.dataset.answered)) / Number(box.dataset.total);
      all.value = share;
      if (allText) allText.textContent = new Intl.NumberFormat(document.documentElement.lang, { style: "percent", maximumFractionDigits: 0 }).format(share / 100);
    }
  }

  // One save in flight per form: a change made meanwhile is sent when it returns, with the
  // version that save produced (otherwise quick changes would conflict with each other).
  function oneAtATime(save) {
    const queued = async (form) => {
      if (form.dataset.busy === "1") {
        form.dataset.again = "1";
        return;
      }
      form.dataset.busy = "1";
      try {
        await save(form);
      } finally {
        form.dataset.busy = "0";
      }
      if (form.dataset.again === "1") {
        form.dataset.again = "0";
        await queued(form);
      }
    };
    return queued;
  }

  const saveAnswer = oneAtATime(saveAnswerNow);

  async function saveAnswerNow(form) {
    const body = answerBody(form);
    const selected = body.not_applicable ? "na" : body.level === null ? "" : String(body.level);
    const naBox = form.querySelector(".na-reason");
    if (naBox) naBox.hidden = !body.not_applicable;
    if (body.not_applicable && !body.reason.trim()) {
      setState(form, "", false);
      form.elements.namedItem("reason").focus();
      return;
    }
    const changed = form.dataset.prefilled === "1" && form.dataset.original !== "" && selected !== form.dataset.original;
    const changeBox = form.querySelector(".change-reason");
    if (changeBox) changeBox.hidden = !changed;
    if (changed && !body.change_reason.trim()) {
      setState(form, "", false);
      form.elements.namedItem("change_reason").focus();
      return;
    }
    const url = `/api/assessments/${form.dataset.assessment}/answers/${form.dataset.indicator}`;
    const saved = await send(form, url, body);
    if (saved) {
      const before = form.dataset.answered === "1";
      form.dataset.version = saved.version;
      form.dataset.answered = saved.level !== null || saved.not_applicable ? "1" : "0";
      updateProgress((form.dataset.answered === "1" ? 1 : 0) - (before ? 1 : 0));
    }
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  document.querySelectorAll("form.answer").forEach((form) => {
    const typing = debounce(() => saveAnswer(form), 600);
    form.addEventListener("change", () => saveAnswer(form));
    form.addEventListener("input", (event) => {
      if (event.target.tagName === "TEXTAREA" || event.target.type === "text" || !event.target.type) typing();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.querySelector(".retry").addEventListener("click", () => saveAnswer(form));
  });

  // ── evidence files ───────────────────────────────────────────────────────────────────
  document.querySelectorAll("form.upload").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const state = form.querySelector(".upload-state");
      const input = form.querySelector('input[type="file"]');
      if (!input.files.length) return;
      const data = new FormData();
      data.append("file", input.files[0]);
      const response = await fetch(form.action, { method: "POST", body: data, headers: csrf }).catch(() => null);
      const body = response ? await response.json().catch(() => ({})) : {};
      if (!response || !response.ok) {
        state.textContent = `${msg("failed")} ${body.message || ""}`;
        return;
      }
      const item = document.createElement("li");
      item.textContent = `${body.filename} (SHA-256 ${String(body.sha256).slice(0, 12)}…)`;
      form.querySelector(".files").appendChild(item);
      state.textContent = msg("uploaded");
      input.value = "";
    });
  });

  // ── plan tracking ────────────────────────────────────────────────────────────────────
  function updatePlanProgress() {
    const selects = document.querySelectorAll('form.tracking select[name="status"]');
    const done = [...selects].filter((s) => s.value === "done").length;
    const bar = document.getElementById("plan-progress");
    const text = document.getElementById("plan-progress-text");
    if (bar) bar.value = done;
    if (text) text.textContent = msg("done").replace("{done}", done).replace("{total}", selects.length);
  }

  const saveTracking = oneAtATime(saveTrackingNow);

  async function saveTrackingNow(form) {
    const url = `/api/assessments/${form.dataset.assessment}/plan/${form.dataset.indicator}`;
    const body = {
      owner: form.elements.namedItem("owner").value,
      due: form.elements.namedItem("due").value || null,
      status: form.elements.namedItem("status").value,
    };
    if (await send(form, url, body)) updatePlanProgress();
  }

  document.querySelectorAll("form.tracking").forEach((form) => {
    form.addEventListener("change", () => saveTracking(form));
    form.addEventListener("input", debounce(() => saveTracking(form), 600));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.querySelector(".retry").addEventListener("click", () => saveTracking(form));
  });
})();
