import type { Language } from '../../config/schema';
import { html } from './html';
import type { SafeHtml } from './html';
import { t } from './i18n';

/** What a page is made of. */
export interface PageParts {
  title: string;
  language: Language;
  body: SafeHtml;
  /** Agent pages show the navigation and the sign-out form. */
  agent?: { id: string; name: string; csrf: string };
  /** Extra scripts served from /assets (e.g. mermaid on the flow page). */
  scripts?: string[];
}

/**
 * The page frame. No inline script or style (the CSP forbids them): htmx, its SSE extension and
 * our few lines of page code come from /assets; htmx's own inline indicator styles are off, and
 * a 422 (a refused event, with the engine's reason) is swapped in like a success.
 */
export function page(parts: PageParts): SafeHtml {
  const { language, agent } = parts;
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},{"code":"[45]..","swap":false,"error":true}]}'>
<title>${parts.title}</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/htmx.min.js" defer></script>
<script src="/assets/htmx-sse.js" defer></script>
<script src="/assets/app.js" defer></script>
${(parts.scripts ?? []).map((script) => html`<script src="/assets/${script}" defer></script>`)}
</head>
<body>
<header class="top">
  <span class="brand">sopflow</span>
  ${agent
    ? html`<nav>
    <a href="/agent">${t(language, 'myTickets')}</a>
    <a href="/agent/queue">${t(language, 'queue')}</a>
    <a href="/dashboard">${t(language, 'dashboard')}</a>
    <a href="/flows">${t(language, 'flows')}</a>
  </nav>
  <form method="post" action="/agent/sign-out" class="sign-out">
    <input type="hidden" name="_csrf" value="${agent.csrf}">
    <span>${agent.name}</span> <button type="submit">${t(language, 'signOut')}</button>
  </form>`
    : ''}
</header>
<main>
${parts.body}
</main>
</body>
</html>`;
}
