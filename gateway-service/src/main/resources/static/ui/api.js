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
