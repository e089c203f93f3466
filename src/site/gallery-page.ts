/**
 * The gallery page: one self-contained HTML file (inline style and script, system fonts, no
 * network), a card per entry with its images, filterable by status and model. Every text that is
 * not ours (ids, prompts, alt texts, gateway messages) is escaped; a Content-Security-Policy allows
 * only this page's own style and script (by hash) and images from its own place, so even a missed
 * escape could neither run a script nor reach the network.
 */
import { createHash } from 'node:crypto';
import { c2paTitle } from '../report/credentials.js';
import { escapeHtmlAttribute, plural } from '../report/escape.js';
import { formatUsd } from '../shared/format.js';
import { type GalleryImage, type GalleryItem, type GalleryStatus, STATUS_LABELS } from './gallery-data.js';

/** What the page says about itself. */
export interface PageInfo {
  /** The manifest, as the user knows it. */
  manifest: string;
  /** When the page was made (ISO 8601). */
  madeAt: string;
  /** A line under the title, e.g. what an artifact's page leaves out. */
  subtitle?: string;
  /** The URL an image is loaded from, relative to the page. */
  href: (image: GalleryImage) => string;
}

/** Cards whose images load at once (about a screenful); the rest load as they are scrolled to. */
const EAGER_CARDS = 12;

/** Escapes untrusted text for HTML text and double-quoted attribute values alike. */
const esc = (text: string): string => escapeHtmlAttribute(text);

const STYLE = `
:root { color-scheme: light dark; --bg: #f6f8fa; --card: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --accent: #0969da; --ok: #1a7f37; --warn: #9a6700; --bad: #d1242f; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --card: #151b23; --fg: #e6edf3; --muted: #9198a1;
  --line: #3d444d; --accent: #4493f8; --ok: #3fb950; --warn: #d29922; --bad: #f85149; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
header { padding: 20px 24px 8px; }
h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 8px 24px 16px; }
nav .group { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
nav .label { color: var(--muted); margin-right: 2px; }
nav button { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line);
  border-radius: 2em; padding: 2px 12px; cursor: pointer; }
nav button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
#count { color: var(--muted); }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; padding: 0 24px 24px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden;
  display: flex; flex-direction: column; }
.card.s-failed { border-color: var(--bad); }
.card.s-pending, .card.s-outdated, .card.s-new, .card.s-awaiting { border-style: dashed; }
.shots { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 2px; background: var(--line); }
.shots a { display: block; background: var(--bg); }
.shots img { display: block; width: 100%; height: 220px; object-fit: contain; }
.none { height: 220px; display: grid; place-items: center; color: var(--muted); background: var(--bg); }
.body { padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 6px; }
h2 { font-size: 15px; margin: 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h2 code { font: 600 14px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.badge { font-size: 12px; font-weight: 500; border-radius: 2em; padding: 0 8px; border: 1px solid currentColor; }
.b-generated, .b-reused, .b-current { color: var(--ok); }
.b-edited, .b-outdated, .b-new, .b-pending, .b-awaiting { color: var(--warn); }
.b-failed { color: var(--bad); }
.badge.c2pa { color: var(--muted); font: 600 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; cursor: help; }
.body p { margin: 0; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 13px; }
.s-failed .note { color: var(--bad); }
.alt { font-style: italic; }
.alt.missing { color: var(--muted); }
.prompt { color: var(--muted); font-size: 13px; display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical;
  overflow: hidden; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 0 10px; margin: 4px 0 0; font-size: 13px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
`;

/** Filters cards by the pressed status and model buttons. Reads the page, holds no data of its own. */
const SCRIPT = `
const state = { status: '', model: '' };
const cards = Array.from(document.querySelectorAll('.card'));
const count = document.getElementById('count');
function apply() {
  let shown = 0;
  for (const card of cards) {
    const show = (!state.status || card.dataset.status === state.status) && (!state.model || card.dataset.model === state.model);
    card.hidden = !show;
    if (show) shown++;
  }
  count.textContent = shown + ' of ' + cards.length + (cards.length === 1 ? ' entry' : ' entries');
}
for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    const kind = button.dataset.filter;
    state[kind] = button.dataset.value;
    for (const other of document.querySelectorAll('nav button')) {
      if (other.dataset.filter === kind) other.setAttribute('aria-pressed', String(other === button));
    }
    apply();
  });
}
apply();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
// Images only from the page's own place (its folder, opened from disk or served); nothing else at all.
const CSP = [
  "default-src 'none'",
  "img-src 'self' file:",
  `style-src ${hash(STYLE)}`,
  `script-src ${hash(SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The whole page for `items`. */
export function renderGalleryPage(items: readonly GalleryItem[], info: PageInfo): string {
  const title = `Generated images: ${info.manifest}`;
  const subtitle = [
    `${plural(items.length, 'entry', 'entries')} · made ${formatDate(info.madeAt)}`,
    info.subtitle,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1>${subtitle.map((s) => `<p>${esc(s!)}</p>`).join('')}</header>
${filters(items)}
<main>
${items.map((item, i) => card(item, info, i < EAGER_CARDS)).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function filters(items: readonly GalleryItem[]): string {
  const statuses = (Object.keys(STATUS_LABELS) as GalleryStatus[]).filter((s) =>
    items.some((i) => i.status === s),
  );
  const models = [...new Set(items.map((i) => i.model))].sort();
  const group = (kind: string, label: string, values: [string, string, number][]) =>
    `<div class="group" role="group" aria-label="${label}"><span class="label">${label}</span>` +
    [['', 'all', items.length] as [string, string, number], ...values]
      .map(
        ([value, text, n]) =>
          `<button type="button" data-filter="${kind}" data-value="${esc(value)}" aria-pressed="${value === ''}">${esc(text)} (${n})</button>`,
      )
      .join('') +
    '</div>';
  const count = (f: (i: GalleryItem) => boolean) => items.filter(f).length;
  return `<nav>${group(
    'status',
    'Status',
    statuses.map((s) => [s, STATUS_LABELS[s], count((i) => i.status === s)]),
  )}${group(
    'model',
    'Model',
    models.map((m) => [m, m, count((i) => i.model === m)]),
  )}<output id="count" aria-live="polite"></output></nav>`;
}

function card(item: GalleryItem, info: PageInfo, eager: boolean): string {
  const alt = item.alt ?? '';
  const shots = item.images.length
    ? item.images
        .map((img, i) => {
          const href = esc(info.href(img));
          const size = img.width && img.height ? ` width="${img.width}" height="${img.height}"` : '';
          const of = `${i + 1} of ${item.images.length}`;
          const label =
            item.status === 'awaiting'
              ? `${alt || item.id}, candidate ${of}`
              : item.images.length > 1
                ? `${alt || item.id} (${of})`
                : alt;
          return `<a href="${href}"><img src="${href}"${size} alt="${esc(label)}"${eager ? '' : ' loading="lazy"'}></a>`;
        })
        .join('')
    : `<div class="none">${item.status === 'failed' || item.status === 'pending' ? 'No image' : 'No image yet'}</div>`;
  const facts: [string, string][] = [
    ['model', item.model],
    ['quality', item.quality],
    [item.images.length > 1 ? 'files' : 'file', item.images.map((i) => i.workspacePath).join(', ') || '—'],
    ['size', item.images.map(sizeText).join(', ') || '—'],
    ['cost', costText(item)],
    ['date', item.date ? formatDate(item.date) : '—'],
  ];
  return `<article class="card s-${item.status}" data-status="${item.status}" data-model="${esc(item.model)}">
<div class="shots">${shots}</div>
<div class="body">
<h2><code>${esc(item.id)}</code><span class="badge b-${item.status}">${STATUS_LABELS[item.status]}</span>${c2paBadge(item)}</h2>
${item.note ? `<p class="note">${esc(item.note)}</p>` : ''}
${item.alt ? `<p class="alt">${esc(item.alt)}</p>` : item.alt === '' ? '<p class="alt missing">decorative (empty alt)</p>' : '<p class="alt missing">no alt text</p>'}
<p class="prompt" title="${esc(item.prompt)}">${esc(item.prompt)}</p>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
</div>
</article>`;
}

/** The "C2PA" mark when the entry's images carry content credentials (see ../report/credentials.ts). */
function c2paBadge(item: GalleryItem): string {
  const title = c2paTitle(item.images.map((i) => i.contentCredentials));
  return title ? `<span class="badge c2pa" title="${esc(title)}">C2PA</span>` : '';
}

function sizeText(img: GalleryImage): string {
  const px = img.width && img.height ? `${img.width}×${img.height} ` : '';
  const kb =
    img.bytes >= 1024 * 1024
      ? `${(img.bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.ceil(img.bytes / 1024)} KB`;
  return `${px}${img.format ?? ''} ${kb}`.replace(/ +/g, ' ').trim();
}

function costText(item: GalleryItem): string {
  if (item.cost !== undefined) return formatUsd(item.cost);
  if (item.estimate !== undefined) return `est. ${formatUsd(item.estimate)}`;
  return '—';
}

/** `2026-11-24 10:00 UTC`: the same for every reader, wherever the page is opened. */
function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
