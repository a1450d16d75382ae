// The UI uses only the public /api/v1 API, with the signed-in user's Bearer token.
import { session, signIn } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `Request failed (HTTP ${status})`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function call(method, path, body) {
  const current = session();
  if (!current) { await signIn(); throw new ApiError(401); }
  const headers = { Authorization: `Bearer ${current.token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: 'You appear to be offline, or the server cannot be reached.' });
  }
  if (response.status === 401) { await signIn(); throw new ApiError(401); }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  listFiles: (q, cursor) => call('GET', `/api/v1/files?${new URLSearchParams({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}), limit: '50' })}`),
  file: (id) => call('GET', `/api/v1/files/${encodeURIComponent(id)}`),
  downloadUrl: (id) => call('GET', `/api/v1/files/${encodeURIComponent(id)}/content?mode=url`),
  deleteFile: (id) => call('DELETE', `/api/v1/files/${encodeURIComponent(id)}`),
  shareLink: (id) => call('POST', `/api/v1/files/${encodeURIComponent(id)}/share-link`),
  resetShareLink: (id) => call('POST', `/api/v1/files/${encodeURIComponent(id)}/share-link/reset`),
};

/** Uploads one file with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload(file, { isPrivate, attachedToType, attachedToName }, onProgress) {
  return new Promise((resolve, reject) => {
    const current = session();
    if (!current) { signIn(); reject(new ApiError(401)); return; }
    const form = new FormData();
    form.append('private', String(isPrivate));
    if (attachedToType && attachedToName) {
      form.append('attachedToType', attachedToType);
      form.append('attachedToName', attachedToName);
    }
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    xhr.setRequestHeader('Authorization', `Bearer ${current.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let data = null;
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { /* not JSON */ }
      if (xhr.status === 201) resolve(data);
      else reject(new ApiError(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'You appear to be offline, or the server cannot be reached.' }));
    xhr.send(form);
  });
}

/** Files from this size (bytes) go through a resumable upload session; set on <html data-resumable-from>. */
export function resumableFrom() {
  const configured = Number(document.documentElement.dataset.resumableFrom);
  return Number.isFinite(configured) && configured > 0 ? configured : 8 * 1024 * 1024;
}

/** crypto.subtle has no streaming digest: above this the whole file would sit in memory, so no checksum is sent. */
const DIGEST_UP_TO = 256 * 1024 * 1024;

const MAX_BACKOFF_MS = 15000;

async function sha256Hex(file) {
  if (file.size > DIGEST_UP_TO || !globalThis.crypto || !crypto.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A dropped connection or a server that is briefly unavailable: worth waiting for. */
function retryable(error) {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

/** Waits 1 s, 2 s, 4 s … (at most 15 s, with jitter), or less when the browser says it is back online. */
function backoff(attempt) {
  const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt - 1, 4)) * (0.75 + Math.random() / 2);
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); window.removeEventListener('online', done); resolve(); };
    const timer = setTimeout(done, delay);
    window.addEventListener('online', done);
  });
}

function putPart(id, number, blob, onProgress) {
  return new Promise((resolve, reject) => {
    const current = session();
    if (!current) { signIn(); reject(new ApiError(401)); return; }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/api/v1/uploads/${encodeURIComponent(id)}/parts/${number}`);
    xhr.setRequestHeader('Authorization', `Bearer ${current.token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let data = null;
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'You appear to be offline, or the server cannot be reached.' }));
    xhr.onabort = xhr.onerror;
    xhr.send(blob);
  });
}

/**
 * Interrupted uploads survive a page reload: the session of each large upload is remembered in localStorage under
 * the file's name, size and last change (what a browser can tell of a file chosen again) and the signed-in user,
 * and forgotten once the upload completes, is aborted, or the server no longer knows the session.
 */
const REMEMBERED = 'cloudstorage.upload.';

function fingerprint(file) {
  return REMEMBERED + JSON.stringify([file.name, file.size, file.lastModified]);
}

function remember(file, opened) {
  try {
    localStorage.setItem(fingerprint(file), JSON.stringify({
      id: opened.id, subject: (session() || {}).subject, expiresAt: opened.expiresAt,
    }));
  } catch (e) { /* storage full or disabled: the upload still works, it just cannot resume after a reload */ }
}

function forget(file) {
  try { localStorage.removeItem(fingerprint(file)); } catch (e) { /* nothing remembered */ }
}

/** The signed-in user's interrupted upload session of this file (a large file chosen again), or null. */
export function interruptedUpload(file) {
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(fingerprint(file)) || 'null'); } catch (e) { return null; }
  const current = session();
  if (!saved || !current || saved.subject !== current.subject) return null;
  if (saved.expiresAt && Date.parse(saved.expiresAt) < Date.now()) { forget(file); return null; }
  return saved;
}

/** The session to go on with: the remembered one if the server still has it for this file, else null. */
async function resumedSession(file, earlier) {
  try {
    const view = await call('GET', `/api/v1/uploads/${encodeURIComponent(earlier.id)}`);
    if (view.mode === 'proxied' && view.size === file.size) return view;
    forget(file);
    return null;
  } catch (error) {
    // Completed, aborted, expired or unknown: start again.
    if (error.status === 404 || error.status === 410) { forget(file); return null; }
    throw error;
  }
}

/**
 * Uploads a large file part by part through a proxied upload session (/api/v1/uploads). When a part fails because
 * the network or the server is gone, onPaused(true) is called; it waits with backoff, asks the server which parts it
 * holds (onPaused(true, partsStored) once it knows), and goes on from there; onPaused(false) when a step succeeds again. Any other error aborts the session (its reserved file goes too) and is thrown.
 * onStage reports 'checksum', 'uploading', 'completing'.
 * With resume: true, a session remembered for this file (interruptedUpload) is continued from the parts the server
 * holds (onStage('resuming', partsStored)); with resume: false it is aborted and a new one opened.
 */
export async function resumableUpload(file, { isPrivate, attachedToType, attachedToName }, onProgress, onPaused, onStage = () => {}, { resume = false } = {}) {
  const earlier = interruptedUpload(file);
  let opened = null;
  if (earlier && resume) {
    opened = await resumedSession(file, earlier);
  } else if (earlier) {
    call('DELETE', `/api/v1/uploads/${encodeURIComponent(earlier.id)}`).catch(() => {});
    forget(file);
  }
  try {
    const result = await uploadParts(file, opened, { isPrivate, attachedToType, attachedToName }, onProgress, onPaused, onStage);
    forget(file);
    return result;
  } catch (error) {
    // Kept for a retry after signing in again or when the network is back; anything else ended the session.
    if (error.status !== 401 && !retryable(error)) forget(file);
    throw error;
  }
}

async function uploadParts(file, resumed, { isPrivate, attachedToType, attachedToName }, onProgress, onPaused, onStage) {
  let opened = resumed;
  if (!opened) {
    onStage('checksum');
    const sha256 = await sha256Hex(file);
    onStage('uploading');
    opened = await call('POST', '/api/v1/uploads', {
      name: file.name, size: file.size, contentType: file.type || 'application/octet-stream', mode: 'proxied',
      private: isPrivate, ...(sha256 ? { sha256 } : {}),
      ...(attachedToType && attachedToName ? { attachedToType, attachedToName } : {}),
    });
    remember(file, opened);
  }
  const { id, fileId, partSize, partCount } = opened;
  const sizeOf = (n) => (n < partCount ? partSize : file.size - (partCount - 1) * partSize);
  const held = (view) => new Set((view.parts || []).filter((p) => p.size === sizeOf(p.partNumber)).map((p) => p.partNumber));
  let stored = resumed ? held(resumed) : new Set();
  let attempt = 0;
  const storedBytes = () => [...stored].reduce((sum, n) => sum + sizeOf(n), 0);
  if (resumed) {
    onProgress(storedBytes() / file.size);
    onStage('resuming', stored.size);
    onStage('uploading');
  }
  // Runs one step; on a retryable failure pauses, waits, and learns which parts the server holds.
  const step = async (work, abortOnFailure = true) => {
    try {
      const result = await work();
      if (attempt > 0) { attempt = 0; onPaused(false); }
      return { ok: true, result };
    } catch (error) {
      if (!retryable(error)) {
        if (abortOnFailure) call('DELETE', `/api/v1/uploads/${encodeURIComponent(id)}`).catch(() => {});
        throw error;
      }
      attempt += 1;
      onPaused(true);
      await backoff(attempt);
      try {
        stored = held(await call('GET', `/api/v1/uploads/${encodeURIComponent(id)}`));
        onProgress(storedBytes() / file.size);
        onPaused(true, stored.size);
      } catch (again) {
        if (!retryable(again)) throw again;
      }
      return { ok: false };
    }
  };
  while (stored.size < partCount) {
    let next = 1;
    while (stored.has(next)) next += 1;
    const done = storedBytes();
    const start = (next - 1) * partSize;
    const outcome = await step(() => putPart(id, next, file.slice(start, start + sizeOf(next)),
      (loaded) => onProgress(Math.min(1, (done + loaded) / file.size))));
    if (outcome.ok) stored.add(next);
  }
  onStage('completing');
  for (;;) {
    let outcome;
    try {
      // Not aborted here: a refusal may only mean an earlier try completed it.
      outcome = await step(() => call('POST', `/api/v1/uploads/${encodeURIComponent(id)}/complete`), false);
    } catch (error) {
      // The answer to an earlier try may have been lost after the server completed.
      const uploaded = await call('GET', `/api/v1/files/${encodeURIComponent(fileId)}`).catch(() => null);
      if (uploaded && uploaded.status === 'AVAILABLE') return uploaded;
      throw error;
    }
    if (outcome.ok) return outcome.result;
  }
}
