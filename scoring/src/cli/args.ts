/**
 * Command-line arguments of `scoring <definition.json> <marks.csv|marks.json> [--roster file]
 * [--json]`. Pure: argv in, options or a usage error out.
 */

export const USAGE = `Usage: scoring <definition.json> <marks.csv|marks.json> [--roster <roster.csv|roster.json>] [--json]

Recomputes standings and award nominations from a competition definition and the marks,
independently of the live system.

Arguments:
  definition.json   the competition definition (rules)
  marks.csv         rows of event,criterion,competitor,judge,value
  marks.json        {"contestants"?, "teams"?, "marks", "statuses"?}

Options:
  --roster <file>   contestants (and teams) as CSV (id,name,team,delegation,events,<attributes>…)
                    or JSON {"contestants", "teams"}
  --json            print {"standings", "nominations"} as JSON with exact numbers
  -h, --help        show this help

Exit codes: 0 results printed, 1 invalid input (every problem listed on stderr),
2 usage error, 3 internal error (a bug: please report it).
`;

export interface Options {
  readonly definition: string;
  readonly marks: string;
  readonly roster: string | undefined;
  readonly json: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly options: Options }
  | { readonly kind: 'usage'; readonly message: string };

/** Reads argv (without node and the script): options anywhere, `--` ends them. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  let roster: string | undefined;
  let json = false;
  let help = false;
  let optionsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (optionsDone || !arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    if (arg === '--') optionsDone = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--json') json = true;
    else if (arg === '--roster' || arg.startsWith('--roster=')) {
      const value = arg === '--roster' ? argv[++i] : arg.slice('--roster='.length);
      if (value === undefined || value === '' || (arg === '--roster' && value.startsWith('--')))
        return { kind: 'usage', message: '--roster needs a file name' };
      if (roster !== undefined) return { kind: 'usage', message: '--roster is given twice' };
      roster = value;
    } else return { kind: 'usage', message: `unknown option ${arg}` };
  }
  if (help) return { kind: 'help' };
  if (positional.length < 2) {
    return {
      kind: 'usage',
      message:
        positional.length === 0
          ? 'missing the definition and marks files'
          : 'missing the marks file',
    };
  }
  if (positional.length > 2)
    return { kind: 'usage', message: `unexpected argument ${positional[2] ?? ''}` };
  const [definition = '', marks = ''] = positional;
  return { kind: 'run', options: { definition, marks, roster, json } };
}
