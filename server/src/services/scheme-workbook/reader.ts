/**
 * Reading a workbook's rows into a definition's plain object: each value's path is remembered
 * with the cell it came from (so the engine's problems can be placed back at a sheet, row and
 * column), and each cell that does not read is a problem there. read.ts and read-modules.ts use
 * one Reader per workbook.
 */
import { headerKey, keyOf, setAt, SHEETS, type Column, type PathSegment } from './columns.ts';
import type { CellFault } from './codecs.ts';
import { blank, type Row } from './workbook-rows.ts';

/** Where a problem is: a sheet, its row (1 is the header) and a column's Chinese header. */
export interface CellPlace {
  readonly sheet: string;
  /** The event whose criteria the sheet holds. */
  readonly event?: string;
  readonly row?: number;
  readonly column?: string;
}

export interface CellProblem extends CellPlace {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export class Reader {
  readonly problems: CellProblem[] = [];
  readonly places = new Map<string, CellPlace>();

  place(path: readonly PathSegment[], at: CellPlace): void {
    this.places.set(JSON.stringify(path), at);
  }

  fault(at: CellPlace, f: CellFault): void {
    this.problems.push({ ...at, ...f });
  }

  /** The nearest place registered for a path, or its prefix. */
  placeOf(path: readonly PathSegment[]): CellPlace {
    for (let n = path.length; n >= 0; n--) {
      const at = this.places.get(JSON.stringify(path.slice(0, n)));
      if (at) return at;
    }
    return { sheet: SHEETS.competition };
  }

  /** The column indexes of a sheet's header row; a missing required column is a problem. */
  columns(sheet: string, rows: readonly Row[], columns: readonly Column[]): Map<Column, number> {
    const head = rows.find((r) => r.row === 1)?.cells ?? [];
    const keys = head.map(headerKey);
    const found = new Map<Column, number>();
    for (const c of columns) {
      const i = keys.indexOf(headerKey(c.zh));
      if (i >= 0) found.set(c, i);
      else if (c.required === true) {
        this.fault(
          { sheet, row: 1, column: c.zh },
          { code: 'missing_column', zh: '缺少这一列', en: `the column "${c.en}" is missing` },
        );
      }
    }
    return found;
  }

  /**
   * Reads a row's cells into `target` (paths under `base`): blank cells are left out, a cell
   * that does not read is a problem.
   */
  fill(
    at: Omit<CellPlace, 'column'>,
    row: Row,
    found: ReadonlyMap<Column, number>,
    columns: readonly Column[],
    target: Record<string, unknown>,
    base: readonly PathSegment[],
    allowed: (c: Column) => boolean = () => true,
  ): void {
    for (const c of columns) {
      if (c.path.length === 0) continue;
      const i = found.get(c);
      const cell = i === undefined ? null : (row.cells[i] ?? null);
      const place = { ...at, column: c.zh };
      this.place([...base, ...c.path], place);
      if (!this.places.has(JSON.stringify([...base, keyOf(c)]))) {
        this.place([...base, keyOf(c)], place);
      }
      if (blank(cell) || cell === null) {
        if (c.required === true) {
          this.fault(place, { code: 'required', zh: '不能为空', en: 'cannot be empty' });
        }
        continue;
      }
      if (!allowed(c)) {
        this.fault(place, {
          code: 'not_for_kind',
          zh: '这种类型的评分项没有这一项，请留空',
          en: 'this kind of criterion has no such field: leave it blank',
        });
        continue;
      }
      const read = c.codec.read(cell);
      if (read.ok) setAt(target, c.path, read.value);
      else this.fault(place, read.fault);
    }
  }
}
