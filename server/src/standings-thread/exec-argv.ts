/**
 * The flags a thread or a child process runs TypeScript with: this process's own, which carry
 * tsx's loader under `npm start`, or tsx's loader added when this process got its TypeScript
 * some other way (Vitest).
 */
export function tsxExecArgv(): string[] {
  const argv = [...process.execArgv];
  return argv.some((a) => a.includes('tsx')) ? argv : [...argv, '--import', 'tsx'];
}
