/**
 * The API reference page: Swagger UI from the swagger-ui-dist package, served by the app itself
 * at `assets` (no CDN: a control room's network may have no internet), started by `initScript`
 * (see swaggerInitJs), so the page needs no inline script.
 */
export function swaggerPageHtml(title: string, assets: string, initScript: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${esc(assets)}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${esc(assets)}/swagger-ui-bundle.js"></script>
<script src="${esc(initScript)}"></script>
</body>
</html>
`;
}

/** The page's start-up script: the one spec, no top bar to load another from a typed URL. */
export function swaggerInitJs(specUrl: string): string {
  return `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(specUrl)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  validatorUrl: null,
});
`;
}
