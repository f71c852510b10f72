// A single-page app: every page renders in the browser (the server serves the shell).
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
