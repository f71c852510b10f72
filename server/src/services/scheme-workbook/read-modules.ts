/**
 * An event's criteria sheet: a row per criterion, its module's columns on the module's first row
 * (later rows of the module may repeat them, and a different value there is a problem).
 */
import type { SheetCell } from '../../files/xlsx.ts';
import {
  CRITERION_COLUMNS,
  CRITERION_ID,
  CRITERION_KIND,
  MODULE_COLUMNS,
  MODULE_ID,
  MODULE_SETTINGS,
  keyOf,
  type Column,
  type PathSegment,
} from './columns.ts';
import { Reader, type CellPlace } from './reader.ts';
import { blank, type Row } from './workbook-rows.ts';

/** An event's modules, each with its criteria, as the engine's definition writes them. */
export function readModules(
  r: Reader,
  sheet: string,
  event: string,
  rows: readonly Row[],
  base: readonly PathSegment[],
): Record<string, unknown>[] {
  const columns = [...MODULE_COLUMNS, ...CRITERION_COLUMNS];
  const read: ModulesRead = {
    r,
    found: r.columns(sheet, rows, columns),
    base,
    modules: [],
    firstRow: new Map(),
    current: undefined,
  };
  r.place([...base], { sheet, event });
  for (const row of rows) {
    if (row.row === 1) continue;
    const at = { sheet, event, row: row.row };
    const module = moduleOf(read, row, at);
    if (module === undefined) continue;
    const first = read.firstRow.get(String(module['id']));
    if (first !== row.row) {
      // Later rows of a module may repeat its cells; a different value is a mistake.
      checkRepeated(read, { at, row, module, first });
    }
    const m = read.modules.indexOf(module);
    readCriterion(read, { at, row, module, path: [...base, m, 'criteria'] });
  }
  return read.modules;
}

/** The sheet's reading so far: its modules in order, each module's first row, the current one. */
interface ModulesRead {
  readonly r: Reader;
  readonly found: ReadonlyMap<Column, number>;
  readonly base: readonly PathSegment[];
  readonly modules: Record<string, unknown>[];
  readonly firstRow: Map<string, number>;
  current: Record<string, unknown> | undefined;
}

type RowAt = Omit<CellPlace, 'column'>;

/**
 * The module a row's criterion belongs to: the one its module ID names (read from this row when
 * it is new), else the one above. Undefined when the row cannot be placed (a problem then).
 */
function moduleOf(read: ModulesRead, row: Row, at: RowAt): Record<string, unknown> | undefined {
  const { r, found, base, modules } = read;
  const idAt = found.get(MODULE_ID);
  const idCell = idAt === undefined ? null : (row.cells[idAt] ?? null);
  const idRead = blank(idCell) || idCell === null ? undefined : MODULE_ID.codec.read(idCell);
  if (idRead?.ok === false) {
    r.fault({ ...at, column: MODULE_ID.zh }, idRead.fault);
    return undefined;
  }
  const id = idRead === undefined ? undefined : String(idRead.value);
  if (id === undefined && read.current === undefined) {
    r.fault(
      { ...at, column: MODULE_ID.zh },
      { code: 'required', zh: '不能为空', en: 'cannot be empty' },
    );
    return undefined;
  }
  if (id !== undefined && id !== read.current?.['id']) {
    read.current = modules.find((m) => m['id'] === id);
    if (read.current === undefined) {
      read.current = { criteria: [] };
      const m = modules.length;
      modules.push(read.current);
      read.firstRow.set(id, row.row);
      r.place([...base, m], { ...at, column: MODULE_ID.zh });
      r.fill(at, row, found, MODULE_COLUMNS, read.current, [...base, m]);
    }
  }
  return read.current;
}

/** A module's settings repeated on a later row: each must match the module's first row. */
function checkRepeated(
  { r, found }: ModulesRead,
  c: { at: RowAt; row: Row; module: Record<string, unknown>; first: number | undefined },
): void {
  const { at, module, first } = c;
  const again: Record<string, unknown> = {};
  const quiet = new Reader();
  quiet.fill(at, c.row, found, MODULE_SETTINGS, again, []);
  for (const col of MODULE_SETTINGS) {
    const key = keyOf(col);
    if (key in again && JSON.stringify(again[key]) !== JSON.stringify(module[key])) {
      r.fault(
        { ...at, column: col.zh },
        {
          code: 'module_mismatch',
          zh: `与本模块第 ${first} 行不一致`,
          en: `differs from the module's first row (${first})`,
          params: { first: first ?? 0 },
        },
      );
    }
  }
}

/** The row's criterion, added to its module: a field its kind does not have must be blank. */
function readCriterion(
  { r, found }: ModulesRead,
  c: { at: RowAt; row: Row; module: Record<string, unknown>; path: readonly PathSegment[] },
): void {
  const { at, row } = c;
  const criteria = c.module['criteria'] as Record<string, unknown>[];
  const k = criteria.length;
  const criterion: Record<string, unknown> = {};
  criteria.push(criterion);
  const path = [...c.path, k];
  r.place(path, { ...at, column: CRITERION_ID.zh });
  const kindAt = found.get(CRITERION_KIND);
  const kindRead =
    kindAt === undefined || blank(row.cells[kindAt] ?? null)
      ? undefined
      : CRITERION_KIND.codec.read(row.cells[kindAt] as Exclude<SheetCell, null>);
  const kind = kindRead?.ok === true ? (kindRead.value as string) : undefined;
  r.fill(
    at,
    row,
    found,
    CRITERION_COLUMNS,
    criterion,
    path,
    (col) => kind === undefined || col.kinds === undefined || col.kinds.some((x) => x === kind),
  );
}
