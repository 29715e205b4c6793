// vanban page: upload with progress, task buttons, review decisions.
// Calls the same /api/v1 routes as scripts do, with the session cookie and the page's CSRF token.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
const lang = () => document.querySelector('meta[name="lang"]').content;

async function api(method, url, body) {
  const response = await fetch(url + (url.includes("?") ? "&" : "?") + "lang=" + lang(), {
    method,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error((data && data.message) || response.statusText);
  return data;
}

function say(list, text, className) {
  const item = document.createElement("li");
  item.textContent = text; // text, never HTML
  if (className) item.className = className;
  list.appendChild(item);
  return item;
}

async function pollJob(jobId, item, link) {
  for (;;) {
    const job = await api("GET", "/api/v1/jobs/" + jobId);
    if (job.status === "done") {
      item.textContent = "";
      const a = document.createElement("a");
      a.href = link;
      a.textContent = item.dataset.filename;
      a.className = "uploaded-link";
      item.appendChild(a);
      item.classList.add("job-done");
      return;
    }
    if (job.status === "failed") {
      item.textContent = item.dataset.filename + ": " + job.error_message;
      item.classList.add("job-failed");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function setupUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const bar = document.getElementById("upload-progress");
  const results = document.getElementById("upload-results");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("files");
    if (!input.files.length) return;
    const data = new FormData();
    for (const file of input.files) data.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/documents?lang=" + lang());
    request.setRequestHeader("X-CSRF-Token", csrf());
    bar.hidden = false;
    bar.value = 0;
    const status = say(results, results.dataset.uploading);
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    };
    request.onload = () => {
      status.remove();
      let body = null;
      try { body = JSON.parse(request.responseText); } catch (_) { body = null; }
      if (request.status !== 202 || !body) {
        say(results, (body && body.message) || request.statusText, "error");
        return;
      }
      bar.value = 100;
      for (const doc of body.data) {
        const note = doc.duplicate ? results.dataset.duplicate : results.dataset.processing;
        const item = say(results, doc.filename + ": " + note, "upload-item");
        item.dataset.filename = doc.filename;
        pollJob(doc.job_id, item, "/documents/" + doc.document_id).catch((err) => {
          item.textContent = doc.filename + ": " + err.message;
        });
      }
      form.reset();
    };
    request.onerror = () => { status.textContent = results.dataset.failed; };
    request.send(data);
  });
}

function setupTaskButtons() {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button.set-status, button.decide");
    if (!button) return;
    const item = button.closest("[data-task-id]");
    button.disabled = true;
    try {
      if (button.classList.contains("decide")) {
        await api("POST", "/api/v1/review/" + item.dataset.taskId, { decision: button.dataset.decision });
      } else {
        await api("PATCH", "/api/v1/tasks/" + item.dataset.taskId, { status: button.dataset.status });
      }
      window.location.reload();
    } catch (err) {
      button.disabled = false;
      alert(err.message);
    }
  });
}

function setupCalendarFeed() {
  const button = document.getElementById("calendar-feed");
  if (!button) return;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const feed = await api("POST", "/api/v1/users/me/calendar-feed");
      const field = document.getElementById("calendar-feed-url");
      field.value = feed.url;
      document.getElementById("calendar-feed-result").hidden = false;
      field.select();
    } catch (err) {
      alert(err.message);
    } finally {
      button.disabled = false;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupUpload();
  setupTaskButtons();
  setupCalendarFeed();
});
