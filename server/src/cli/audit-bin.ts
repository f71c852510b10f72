/** Entry point of `npm run audit -w server -- …`. */
import { main } from './audit.ts';

process.exitCode = await main(process.argv.slice(2), {
  out: (line) => {
    console.log(line);
  },
  err: (line) => {
    console.error(line);
  },
  env: process.env,
  cwd: process.env['INIT_CWD'] ?? process.cwd(),
});
