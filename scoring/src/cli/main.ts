/**
 * `scoring <definition.json> <marks.csv|marks.json> [--roster file] [--json]`: recomputes the
 * standings and nominations from the files alone, the way an auditor checks published results.
 * All I/O goes through the injected `io`, so tests run it in memory and bin/scoring.js passes the
 * real file system and console.
 *
 * Exit codes: 0 results printed; 1 invalid input (every problem on stderr, one per line);
 * 2 usage error; 3 internal error (a bug).
 */
import { evaluateAwards } from '../index.ts';
import { parseArgs, USAGE, type Options } from './args.ts';
import { formatReport } from './format.ts';
import { formatProblem, sortProblems, type InputProblem } from './problems.ts';
import {
  combineParts,
  readDefinition,
  readMarks,
  readRoster,
  scoreInputs,
  type ReadResult,
} from './read-input.ts';

export interface CliIo {
  /** The file's text (UTF-8); rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
  stdout(s: string): void;
  stderr(s: string): void;
}

export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

function readError(file: string, err: unknown): InputProblem {
  const code =
    typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
  const reasons: Record<string, string> = {
    ENOENT: 'file not found',
    EISDIR: 'is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  };
  const known = code !== undefined ? reasons[code] : undefined;
  const detail = err instanceof Error ? err.message : String(err);
  return {
    file,
    code: 'unreadable',
    message: known ?? `cannot read the file (${detail})`,
  };
}

async function readText(
  io: CliIo,
  file: string,
): Promise<{ text: string } | { problem: InputProblem }> {
  try {
    return { text: await io.readFile(file) };
  } catch (err) {
    return { problem: readError(file, err) };
  }
}

function printProblems(io: CliIo, problems: readonly InputProblem[]): number {
  const sorted = sortProblems(problems);
  io.stderr(sorted.map((p) => `${formatProblem(p)}\n`).join(''));
  const n = sorted.length;
  io.stderr(`scoring: ${n} problem${n === 1 ? '' : 's'} in the input; nothing was computed\n`);
  return EXIT_INVALID_INPUT;
}

async function run(options: Options, io: CliIo): Promise<number> {
  const [defFile, marksFile, rosterFile] = await Promise.all([
    readText(io, options.definition),
    readText(io, options.marks),
    options.roster !== undefined ? readText(io, options.roster) : Promise.resolve(undefined),
  ]);
  const problems: InputProblem[] = [];
  const definition =
    'text' in defFile ? readDefinition(options.definition, defFile.text) : undefined;
  if ('problem' in defFile) problems.push(defFile.problem);
  else if (definition && !definition.ok) problems.push(...definition.problems);

  let marks: ReadResult | undefined;
  if ('problem' in marksFile) problems.push(marksFile.problem);
  else {
    marks = readMarks(options.marks, marksFile.text);
    problems.push(...marks.problems);
  }
  let roster: ReadResult | undefined;
  if (rosterFile && options.roster !== undefined) {
    if ('problem' in rosterFile) problems.push(rosterFile.problem);
    else {
      roster = readRoster(options.roster, rosterFile.text);
      problems.push(...roster.problems);
    }
  }
  if (!definition?.ok || !marks || (options.roster !== undefined && !roster))
    return printProblems(io, problems);

  const combined = combineParts(options.marks, marks.parts, roster?.parts);
  problems.push(...combined.problems);
  const scored = scoreInputs(definition.value, options.marks, combined.parts);
  if (!scored.ok) problems.push(...scored.problems);
  if (problems.length > 0 || !scored.ok) return printProblems(io, problems);

  const standings = scored.value.standings();
  const nominations = evaluateAwards(definition.value, standings, scored.value.contestants());
  if (options.json) io.stdout(`${JSON.stringify({ standings, nominations }, null, 2)}\n`);
  else io.stdout(formatReport(definition.value, standings, nominations));
  return EXIT_OK;
}

/**
 * Runs the CLI with `argv` (without node and the script name) and returns the exit code. Never
 * throws: bad input is exit 1 with every problem listed.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.kind === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (args.kind === 'usage') {
    const usageLine = USAGE.split('\n')[0] ?? '';
    io.stderr(`scoring: ${args.message}\n${usageLine}\nRun "scoring --help" for details.\n`);
    return EXIT_USAGE;
  }
  try {
    return await run(args.options, io);
  } catch (err) {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    io.stderr(`scoring: internal error (please report it): ${detail}\n`);
    return EXIT_INTERNAL;
  }
}
