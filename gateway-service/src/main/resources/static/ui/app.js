import { completeSignIn, session, signIn, signOut } from './auth.js';
import { api, upload, resumableUpload, resumableFrom, interruptedUpload, ApiError } from './api.js';

const view = document.getElementById('view');

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else if (value !== false && value != null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(...nodes) {
  view.replaceChildren(...nodes);
  view.focus();
}

function toast(message) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3000);
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do { value /= 1024; unit++; } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function attachedTo(file) {
  return (file.attachments || []).map((a) => `${a.type} ${a.name}${a.documentStatus ? ` (${a.documentStatus})` : ''}`).join(', ');
}

function uploadMessage(error) {
  switch (error.status) {
    case 413: return 'This file is larger than the upload limit.';
    case 403: return 'You may not upload files.';
    case 0: return 'You appear to be offline, or the server cannot be reached.';
    default: return error.message;
  }
}

function renderWho() {
  const who = document.getElementById('who');
  const current = session();
  who.replaceChildren(current
    ? el('span', {}, 'Signed in as ', el('strong', {}, current.subject), ' ', el('button', { type: 'button', onclick: signOut }, 'Sign out'))
    : el('span'));
}

function signInPage() {
  show(el('section', { class: 'card center' },
    el('h1', {}, 'Cloud Storage'),
    el('p', { class: 'muted' }, 'Your files in your own bucket, with links you control.'),
    el('button', { type: 'button', class: 'primary', id: 'sign-in', onclick: signIn }, 'Sign in')));
}

async function fileList() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = params.get('q') || '';
  const search = el('input', { type: 'search', id: 'search', name: 'q', value: q, placeholder: 'Search by name', 'aria-label': 'Search files by name' });
  const form = el('form', { role: 'search', onsubmit: (e) => { e.preventDefault(); location.hash = search.value ? `#/?q=${encodeURIComponent(search.value)}` : '#/'; } }, search);
  const body = el('tbody');
  const table = el('table', { id: 'files' },
    el('caption', { class: 'muted', style: 'text-align:left' }, 'Your files, newest first'),
    el('thead', {}, el('tr', {}, ['Name', 'Size', 'Visibility', 'Attached to', 'Created'].map((h) => el('th', { scope: 'col' }, h)))),
    body);
  const canWrite = session().scopes.has('files:write');
  show(el('div', { class: 'toolbar' }, el('h1', {}, 'File List'), form,
      canWrite ? el('button', { type: 'button', class: 'primary', id: 'add-file', onclick: () => uploadDialog() }, '+ Add File') : null),
    el('section', { class: 'card' }, table));
  try {
    const page = await api.listFiles(q);
    if (!page.items.length) body.append(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, q ? 'No file matches.' : 'No files yet.')));
    for (const file of page.items) {
      body.append(el('tr', { 'data-file-id': file.id },
        el('td', {}, el('a', { href: `#/files/${file.id}` }, file.name)),
        el('td', {}, size(file.size)),
        el('td', {}, el('span', { class: 'badge' }, file.private ? 'Private' : 'Public')),
        el('td', {}, attachedTo(file)),
        el('td', {}, when(file.createdAt))));
    }
  } catch (error) {
    body.append(el('tr', {}, el('td', { colspan: 5, class: 'error', role: 'alert' }, error.message)));
  }
}

function uploadDialog() {
  const input = el('input', { type: 'file', id: 'file-input', multiple: true, 'aria-label': 'Choose files to upload' });
  const chosen = [];
  const list = el('ul', { class: 'uploads', id: 'upload-list', 'aria-live': 'polite' });
  const isPrivate = el('input', { type: 'checkbox', id: 'private', checked: true });
  const docType = el('input', { type: 'text', id: 'attach-type', placeholder: 'e.g. Sales Invoice' });
  const docName = el('input', { type: 'text', id: 'attach-name', placeholder: 'e.g. INV-0001' });
  const start = el('button', { type: 'button', class: 'primary', id: 'start-upload', disabled: true }, 'Upload');
  const add = (files) => {
    for (const file of files) {
      const bar = el('progress', { max: 1, value: 0, 'aria-label': `Upload progress of ${file.name}` });
      const status = el('span', { class: 'muted' }, size(file.size));
      const row = el('li', { 'data-name': file.name }, el('div', {}, file.name, ' — ', status), bar);
      // The same large file as an upload that a reload or a closed tab interrupted: offer to go on with it.
      let resume = null;
      if (file.size >= resumableFrom() && interruptedUpload(file)) {
        resume = el('input', { type: 'checkbox', class: 'resume', checked: true });
        row.dataset.resumable = 'true';
        row.append(el('label', { class: 'resume-offer' }, resume, ' Resume the interrupted upload of this file'));
      }
      list.append(row);
      chosen.push({ file, bar, status, resume });
    }
    start.disabled = chosen.length === 0;
  };
  input.addEventListener('change', () => add(input.files));
  const drop = el('div', { class: 'drop' },
    el('p', {}, 'Drag files here, or choose them:'), input);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); add(e.dataTransfer.files); });
  const close = el('button', { type: 'button', id: 'close-upload', onclick: () => { dialog.close(); dialog.remove(); fileList(); } }, 'Close');
  const dialog = el('dialog', { 'aria-labelledby': 'upload-title' },
    el('h2', { id: 'upload-title' }, 'Add files'),
    drop,
    el('div', { class: 'field' }, el('label', {}, isPrivate, ' Private (only you can see it)')),
    el('div', { class: 'row' },
      el('div', { class: 'field' }, el('label', { for: 'attach-type' }, 'Attach to document type (optional)'), docType),
      el('div', { class: 'field' }, el('label', { for: 'attach-name' }, 'Document name'), docName)),
    list,
    el('div', { class: 'actions' }, start, close));
  start.addEventListener('click', async () => {
    start.disabled = true;
    for (const item of chosen.splice(0)) {
      const options = { isPrivate: isPrivate.checked, attachedToType: docType.value.trim(), attachedToName: docName.value.trim() };
      const progress = (fraction) => { item.bar.value = fraction; };
      try {
        if (item.file.size >= resumableFrom()) {
          // Large files go part by part and survive a dropped connection.
          const row = item.bar.parentElement;
          const stages = { checksum: 'Computing checksum…', uploading: 'Uploading…', resuming: 'Resuming…', completing: 'Finishing…' };
          await resumableUpload(item.file, options, progress, (paused, partsStored) => {
            row.dataset.state = paused ? 'paused' : 'uploading';
            if (partsStored !== undefined) row.dataset.partsStored = String(partsStored);
            item.status.textContent = paused ? 'Paused, reconnecting…' : 'Uploading…';
            item.status.className = paused ? 'paused' : 'muted';
          }, (stage, partsStored) => {
            row.dataset.state = stage;
            if (stage === 'resuming') row.dataset.resumedWith = String(partsStored);
            item.status.textContent = stages[stage];
          }, { resume: item.resume ? item.resume.checked : false });
        } else {
          await upload(item.file, options, progress);
        }
        item.bar.value = 1;
        item.bar.parentElement.dataset.state = 'uploaded';
        item.status.textContent = 'Uploaded';
        item.status.className = 'ok';
      } catch (error) {
        item.bar.parentElement.dataset.state = 'failed';
        item.status.textContent = uploadMessage(error);
        item.status.className = 'error';
        item.status.setAttribute('role', 'alert');
      }
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}

async function filePage(id) {
  let file;
  try {
    file = await api.file(id);
  } catch (error) {
    show(el('section', { class: 'card' }, el('h1', {}, 'File not found'), el('p', {}, error.message), el('a', { href: '#/' }, 'Back to the File List')));
    return;
  }
  const current = session();
  const mine = file.owner === current.subject || current.scopes.has('files:admin');
  const canShare = mine && current.scopes.has('files:share');
  const canDelete = mine && current.scopes.has('files:delete');
  const message = el('p', { id: 'file-message', role: 'alert' });
  const linkField = el('dd', { id: 'sharing-link' }, file.sharingLink ? file.sharingLink.url.split('/s/')[1] : '—');
  const actions = el('div', { class: 'actions' });
  const download = el('button', { type: 'button', id: 'download', onclick: async () => {
    const tab = window.open('about:blank', '_blank');
    try {
      const { url } = await api.downloadUrl(file.id);
      if (tab) tab.location = url; else location.assign(url);
    } catch (error) { if (tab) tab.close(); message.textContent = error.message; message.className = 'error'; }
  } }, 'Download');
  actions.append(download);
  const resetButton = el('button', { type: 'button', id: 'reset-link', onclick: async () => {
    if (!confirm('Reset the sharing link? The current link stops working at once.')) return;
    try { const link = await api.resetShareLink(file.id); linkField.textContent = link.url.split('/s/')[1]; linkDialog(link.url, 'New sharing link'); }
    catch (error) { message.textContent = error.message; message.className = 'error'; }
  } }, 'Reset Sharing Link');
  if (canShare) {
    actions.append(el('button', { type: 'button', id: 'get-link', onclick: async () => {
      try {
        const link = await api.shareLink(file.id);
        linkField.textContent = link.url.split('/s/')[1];
        if (!resetButton.isConnected) actions.insertBefore(resetButton, deleteButton);
        linkDialog(link.url, 'Sharing link');
      } catch (error) { message.textContent = error.message; message.className = 'error'; }
    } }, 'Get Sharing Link'));
    if (file.sharingLink) actions.append(resetButton);
  }
  const deleteButton = el('button', { type: 'button', class: 'danger', id: 'delete', onclick: async () => {
    if (!confirm(`Delete ${file.name}? This cannot be undone.`)) return;
    try { await api.deleteFile(file.id); toast(`${file.name} was deleted`); location.hash = '#/'; }
    catch (error) {
      const documents = (error.problem.documents || []).map((d) => `${d.type} ${d.name}`).join(', ');
      message.textContent = error.status === 409
        ? `This file cannot be deleted: it is attached to the submitted document ${documents}.`
        : error.message;
      message.className = 'error';
    }
  } }, 'Delete');
  if (canDelete) actions.append(deleteButton);
  show(el('p', {}, el('a', { href: '#/' }, '← File List')),
    el('section', { class: 'card' },
      el('h1', { id: 'file-name' }, file.name),
      el('dl', { class: 'meta' },
        el('dt', {}, 'Size'), el('dd', {}, `${size(file.size)} (${file.size} bytes)`),
        el('dt', {}, 'Type'), el('dd', {}, file.contentType),
        el('dt', {}, 'Visibility'), el('dd', {}, file.private ? 'Private' : 'Public'),
        el('dt', {}, 'Folder'), el('dd', {}, file.folder || '—'),
        el('dt', {}, 'Owner'), el('dd', {}, file.owner),
        el('dt', {}, 'Created'), el('dd', {}, when(file.createdAt)),
        el('dt', {}, 'Attached to'), el('dd', { id: 'attached-to' }, attachedTo(file) || '—'),
        el('dt', {}, 'SHA-256'), el('dd', {}, el('code', {}, file.sha256)),
        ...(canShare ? [el('dt', {}, 'Sharing Link'), linkField] : [])),
      actions, message));
}

function linkDialog(url, title) {
  const field = el('input', { type: 'text', id: 'link-url', value: url, readonly: true, 'aria-label': 'Sharing link' });
  const copied = el('span', { class: 'ok', 'aria-live': 'polite' });
  const dialog = el('dialog', { 'aria-labelledby': 'link-title' },
    el('h2', { id: 'link-title' }, title),
    el('p', { class: 'muted' }, 'Anyone with this link can download the file, without an account.'),
    el('div', { class: 'link-box' }, field,
      el('button', { type: 'button', id: 'copy-link', onclick: async () => {
        field.select();
        try { await navigator.clipboard.writeText(url); } catch (e) { document.execCommand('copy'); }
        copied.textContent = 'Copied';
      } }, 'Copy')),
    el('p', {}, copied),
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'close-link', onclick: () => { dialog.close(); dialog.remove(); } }, 'Close')));
  document.body.append(dialog);
  dialog.showModal();
  field.select();
}

async function route() {
  renderWho();
  if (!session()) { signInPage(); return; }
  const hash = location.hash || '#/';
  const match = hash.match(/^#\/files\/([0-9a-f-]{36})/);
  if (match) await filePage(match[1]);
  else await fileList();
}

window.addEventListener('hashchange', route);
(async () => {
  try {
    await completeSignIn();
  } catch (error) {
    show(el('section', { class: 'card' }, el('p', { class: 'error', role: 'alert' }, error.message), el('button', { type: 'button', onclick: signIn }, 'Sign in')));
    return;
  }
  await route();
})();
