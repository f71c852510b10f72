/**
 * The home page at "/": the competitions, their events and where their standings are, until
 * the web app arrives on the same port.
 */
import { html } from 'hono/html';
import { listCompetitions } from './services/competitions.ts';
import type { Server } from './server.ts';

export function mountHome(server: Server): void {
  server.app.get('/', async (c) => {
    const list = await listCompetitions(server.ctx);
    const base = '/api/competitions';
    return c.html(
      html`<!doctype html>
        <html lang="zh-CN">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>职工技能竞赛 · 成绩</title>
            <style>
              body {
                font:
                  16px/1.5 system-ui,
                  sans-serif;
                margin: 1.5rem auto;
                max-width: 48rem;
                padding: 0 1rem;
              }
              li {
                margin: 0.2rem 0;
              }
              .st {
                color: #666;
                font-size: 0.9em;
              }
            </style>
          </head>
          <body>
            <h1>职工技能竞赛 · 成绩</h1>
            ${list.map(
              (comp) =>
                html`<h2>${comp.name}</h2>
                  <ul>
                    ${comp.events.map(
                      (e) =>
                        html`<li>
                          <a href="${base}/${comp.id}/events/${e.id}/standings">${e.name}</a>
                          <span class="st"
                            >${e.status}${e.day !== null ? ` · 第${e.day}天` : ''}</span
                          >
                        </li>`,
                    )}
                    ${comp.overall.map(
                      (o) =>
                        html`<li>
                          <a href="${base}/${comp.id}/overall/${o.id}/standings">${o.name}</a>
                        </li>`,
                    )}
                  </ul>`,
            )}
            <p><a href="/api/openapi.json">API (OpenAPI)</a></p>
          </body>
        </html>`,
    );
  });
}
