// gcat: autosave of answers and plan tracking. Plain JavaScript, no dependencies, no network
// beyond this app. Every change is sent at once; the state line says "saved" or "not saved",
// and a problem is said on the field itself. Until the server has it, a change is kept in this
// browser (localStorage), so a closed tab, a lost connection or a refused save loses nothing;
// leaving the page with changes not yet saved asks first. The script never moves the focus,
// except to the reason of an answer the user has just made "not applicable".
"use strict";

(function () {
  const messages = document.getElementById("messages");
  const msg = (key) => (messages ? messages.dataset[key] || "" : "");
  const tokenTag = document.querySelector('meta[name="csrf-token"]');
  const csrf = { "X-CSRF-Token": tokenTag ? tokenTag.content : "" };

  // ── the officer's name: asked at the first change, kept in a cookie by the server ───────
  const who = document.getElementById("who");
  let asking = null;

  function askName() {
    if (document.body.dataset.user) return Promise.resolve(true);
    if (!who || typeof who.showModal !== "function") return Promise.resolve(false);
    if (asking) return asking;
    const back = document.activeElement;
    const form = who.querySelector("form");
    const input = who.querySelector('input[name="name"]');
    const note = document.getElementById("who-msg");
    asking = new Promise((resolve) => {
      const done = (named) => {
        form.removeEventListener("submit", submit);
        cancel.removeEventListener("click", later);
        who.removeEventListener("cancel", later);
        if (who.open) who.close();
        if (back && typeof back.focus === "function") back.focus();
        asking = null;
        resolve(named);
      };
      const submit = async (event) => {
        event.preventDefault();
        const response = await fetch("/api/me", {
          method: "PUT",
          headers: { "Content-Type": "application/json", Accept: "application/json", ...csrf },
          body: JSON.stringify({ name: input.value }),
        }).catch(() => null);
        const data = response ? await response.json().catch(() => ({})) : {};
        if (!response || !response.ok) {
          note.textContent = data.message || msg("failed");
          return;
        }
        document.body.dataset.user = data.name;
        done(true);
      };
      const later = (event) => {
        if (event) event.preventDefault();
        done(false);
      };
      const cancel = who.querySelector("button.secondary");
      form.addEventListener("submit", submit);
      cancel.addEventListener("click", later);
      who.addEventListener("cancel", later);
      note.textContent = "";
      who.showModal();
      input.focus();
    });
    return asking;
  }

  // ── saving ───────────────────────────────────────────────────────────────────────────
  function setState(form, text, failed, retry) {
    const state = form.querySelector(".save .state");
    const button = form.querySelector(".save .retry");
    if (state) state.textContent = text;
    if (button) button.hidden = !retry;
    form.classList.toggle("failed", !!failed);
  }

  function fieldMsg(form, name, text, kind) {
    const slot = form.querySelector(`.field-msg[data-for="${name}"]`);
    const field = form.elements.namedItem(name);
    if (slot) {
      slot.textContent = text || "";
      slot.className = `field-msg${text ? ` ${kind || "error"}` : ""}`;
    }
    if (field && field.setAttribute) {
      if (text && kind !== "note") field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
    return !!slot;
  }

  function clearFieldMsgs(form) {
    form.querySelectorAll(".field-msg[data-for]").forEach((slot) => fieldMsg(form, slot.dataset.for, ""));
  }

  // PUT ``body`` to ``url``; the saved data, or null after saying why on the form.
  async function send(form, url, body) {
    if (!(await askName())) {
      setState(form, msg("needName"), true, true);
      return null;
    }
    setState(form, msg("saving"), false, false);
    let response;
    try {
      response = await fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Accept: "application/json", ...csrf },
        body: JSON.stringify(body),
      });
    } catch (error) {
      setState(form, msg("failed"), true, true);
      return null;
    }
    const data = await response.json().catch(() => ({}));
    if (response.status === 409) {
      // a signed assessment says how to make a new version; a stale answer asks to reload
      setState(form, data.code === "assessment.locked" ? data.message : msg("conflict"), true, false);
      return null;
    }
    if (response.ok) return data;
    if (data.field === "author") {
      document.body.dataset.user = "";
      if (await askName()) return send(form, url, body);
      setState(form, msg("needName"), true, true);
      return null;
    }
    if (data.field === "change_reason") {
      const box = form.querySelector(".change-reason");
      if (box) box.hidden = false;
    }
    const onField = data.field && fieldMsg(form, data.field, data.message, "error");
    setState(form, onField ? msg("failed") : `${msg("failed")} ${data.message || ""}`.trim(), true, !onField);
    return null;
  }

  // ── drafts kept in this browser until the server has them ────────────────────────────
  const store = (() => {
    try {
      const probe = "gcat-probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  })();
  const draftKey = (form) => `gcat-draft:${form.dataset.kind || "answer"}:${form.dataset.assessment}:${form.dataset.indicator}`;
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function keepDraft(form, values) {
    form.dataset.dirty = "1";
    if (store) store.setItem(draftKey(form), JSON.stringify(values));
  }

  function dropDraft(form) {
    form.dataset.dirty = "0";
    if (store) store.removeItem(draftKey(form));
  }

  function draftOf(form) {
    if (!store) return null;
    try {
      return JSON.parse(store.getItem(draftKey(form)) || "null");
    } catch (error) {
      return null;
    }
  }

  window.addEventListener("beforeunload", (event) => {
    const waiting = [...document.querySelectorAll("form.answer, form.tracking")].some(
      (form) => form.dataset.dirty === "1" || form.dataset.busy === "1",
    );
    if (waiting) {
      event.preventDefault();
      event.returnValue = msg("unsaved");
    }
  });

  // One save in flight per form: a change made meanwhile is sent when it returns, with the
  // version that save produced (otherwise quick changes would conflict with each other).
  function oneAtATime(save) {
    const queued = async (form, why) => {
      if (form.dataset.busy === "1") {
        form.dataset.again = "1";
        return;
      }
      form.dataset.busy = "1";
      try {
        await save(form, why);
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

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  // ── answers ──────────────────────────────────────────────────────────────────────────
  function answerValues(form) {
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
    };
  }

  function shownValues(form) {
    const values = answerValues(form);
    if (!values.not_applicable) values.reason = (form.elements.namedItem("reason") || { value: "" }).value;
    return values;
  }

  function applyValues(form, values) {
    const wanted = values.not_applicable ? "na" : values.level === null ? null : String(values.level);
    form.querySelectorAll('input[name="level"]').forEach((radio) => {
      radio.checked = radio.value === wanted;
    });
    for (const name of ["reason", "comment", "evidence_note", "change_reason"]) {
      const field = form.elements.namedItem(name);
      if (field && typeof values[name] === "string") field.value = values[name];
    }
    form.elements.namedItem("target").value = values.target === null ? "" : String(values.target);
    form.elements.namedItem("flagged").checked = !!values.flagged;
  }

  function markChosen(form) {
    form.querySelectorAll("label.level").forEach((label) => {
      const radio = label.querySelector('input[name="level"]');
      label.classList.toggle("chosen", !!(radio && radio.checked));
    });
  }

  function updateProgress(change) {
    const forms = document.querySelectorAll("form.answer");
    const text = document.getElementById("p-domain-text");
    if (!forms.length || !text) return;
    const answered = [...forms].filter((f) => f.dataset.answered === "1").length;
    const bar = document.getElementById("p-domain");
    if (bar) bar.value = answered;
    text.textContent = msg("answered").replace("{answered}", answered).replace("{total}", forms.length);
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

  function levelChanged(form, body) {
    const selected = body.not_applicable ? "na" : body.level === null ? "" : String(body.level);
    return form.dataset.prefilled === "1" && form.dataset.original !== "" && selected !== form.dataset.original;
  }

  // What must be given before the answer can be saved: [field, message] or null.
  function missing(form, body) {
    if (body.not_applicable && !body.reason.trim()) return ["reason", msg("needReason")];
    if (levelChanged(form, body) && !body.change_reason.trim()) return ["change_reason", msg("needChangeReason")];
    return null;
  }

  const saveAnswer = oneAtATime(saveAnswerNow);

  async function saveAnswerNow(form, why) {
    const body = answerValues(form);
    const naBox = form.querySelector(".na-reason");
    if (naBox) naBox.hidden = !body.not_applicable;
    const changeBox = form.querySelector(".change-reason");
    if (changeBox) changeBox.hidden = !levelChanged(form, body);
    clearFieldMsgs(form);
    const lack = missing(form, body);
    if (lack) {
      fieldMsg(form, lack[0], lack[1], "error");
      setState(form, lack[1], true, false);
      if (lack[0] === "reason" && why && why.target && why.target.value === "na") form.elements.namedItem("reason").focus();
      return;
    }
    const sent = shownValues(form);
    const url = `/api/assessments/${form.dataset.assessment}/answers/${form.dataset.indicator}`;
    const saved = await send(form, url, { ...body, version: Number(form.dataset.version || 0) });
    if (!saved) return;
    const before = form.dataset.answered === "1";
    form.dataset.version = saved.version;
    form.dataset.answered = (saved.level !== null || saved.not_applicable) && !saved.to_review ? "1" : "0";
    form.dataset.toReview = saved.to_review ? "1" : "0";
    const card = form.closest(".card");
    if (card) {
      card.classList.toggle("to-review", !!saved.to_review);
      const note = card.querySelector(".review-state");
      if (note) note.hidden = !saved.to_review;
    }
    const confirm = form.querySelector("button.confirm");
    if (confirm) confirm.hidden = !saved.to_review;
    if (body.change_reason.trim()) {
      // the change and its reason are recorded: the next change is measured from here
      form.dataset.original = saved.not_applicable ? "na" : saved.level === null ? "" : String(saved.level);
      form.elements.namedItem("change_reason").value = "";
      if (changeBox) changeBox.hidden = true;
      sent.change_reason = "";
    }
    for (const warning of saved.warnings || []) {
      if (warning.field === "target") {
        form.elements.namedItem("target").value = saved.target === null ? "" : String(saved.target);
        sent.target = saved.target;
      }
      fieldMsg(form, warning.field, warning.message, "note");
    }
    const unchanged = same(sent, shownValues(form));
    if (unchanged && form.dataset.again !== "1") dropDraft(form);
    else keepDraft(form, shownValues(form));
    setState(form, saved.to_review ? msg("saved") : why === "confirm" ? msg("confirmed") : msg("saved"), false, false);
    updateProgress((form.dataset.answered === "1" ? 1 : 0) - (before ? 1 : 0));
  }

  document.querySelectorAll("form.answer").forEach((form) => {
    const typing = debounce(() => saveAnswer(form), 600);
    const remember = () => keepDraft(form, shownValues(form));
    form.addEventListener("change", (event) => {
      remember();
      markChosen(form);
      saveAnswer(form, event);
    });
    form.addEventListener("input", (event) => {
      remember();
      if (event.target.tagName === "TEXTAREA" || event.target.type === "text" || !event.target.type) typing();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.querySelector(".retry").addEventListener("click", () => saveAnswer(form));
    const confirm = form.querySelector("button.confirm");
    if (confirm) confirm.addEventListener("click", () => saveAnswer(form, "confirm"));
    // A change this browser kept and the server does not have: put it back and save it.
    const draft = draftOf(form);
    if (draft && !same(draft, shownValues(form))) {
      applyValues(form, draft);
      markChosen(form);
      form.dataset.dirty = "1";
      setState(form, msg("restored"), false, false);
      saveAnswer(form);
    } else if (draft) {
      dropDraft(form);
    }
  });

  // ── evidence files ───────────────────────────────────────────────────────────────────
  document.querySelectorAll("form.upload").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const state = form.querySelector(".upload-state");
      const input = form.querySelector('input[type="file"]');
      if (!input.files.length) return;
      if (!(await askName())) {
        state.textContent = msg("needName");
        return;
      }
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

  const trackingValues = (form) => ({
    owner: form.elements.namedItem("owner").value,
    due: form.elements.namedItem("due").value || null,
    status: form.elements.namedItem("status").value,
  });
  const saveTracking = oneAtATime(saveTrackingNow);

  async function saveTrackingNow(form) {
    const url = `/api/assessments/${form.dataset.assessment}/plan/${form.dataset.indicator}`;
    const body = trackingValues(form);
    if (!(await send(form, url, body))) return;
    if (same(body, trackingValues(form))) dropDraft(form);
    setState(form, msg("saved"), false, false);
    updatePlanProgress();
  }

  document.querySelectorAll("form.tracking").forEach((form) => {
    form.dataset.kind = "plan";
    const remember = () => keepDraft(form, trackingValues(form));
    form.addEventListener("change", () => {
      remember();
      saveTracking(form);
    });
    form.addEventListener("input", remember);
    form.addEventListener("input", debounce(() => saveTracking(form), 600));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.querySelector(".retry").addEventListener("click", () => saveTracking(form));
    const draft = draftOf(form);
    if (draft && !same(draft, trackingValues(form))) {
      form.elements.namedItem("owner").value = draft.owner;
      form.elements.namedItem("due").value = draft.due || "";
      form.elements.namedItem("status").value = draft.status;
      form.dataset.dirty = "1";
      setState(form, msg("restored"), false, false);
      saveTracking(form);
    } else if (draft) {
      dropDraft(form);
    }
  });
})();
