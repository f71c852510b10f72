/**
 * The marking scheme as an Excel workbook over HTTP (issue 16): download a competition's scheme
 * or the template, and load an edited workbook through the same save as the JSON definition
 * (its version check, the rules about events that already have sheets, the audit record), all
 * or nothing: every bad cell is a detail naming its sheet, row and column, and nothing is stored.
 */
import { parseCompetition } from '@skills/scoring';
import type { Actor } from '../../auth/actor.ts';
import type { CompetitionSummary } from '../../contract/api.ts';
import type { ErrorDetail } from '../../contract/errors.ts';
import type { Ctx } from '../../context.ts';
import { XLSX_TYPE } from '../../files/xlsx.ts';
import { acceptedType } from '../../files/media-type.ts';
import { ServiceError, detail } from '../../errors/service-error.ts';
import { requireOrganizer } from '../../domain/access.ts';
import { saveDefinition } from '../competitions.ts';
import type { FileAnswer } from '../../files/file-answer.ts';
import type { Upload } from '../import-file.ts';
import { TEMPLATE_DEFINITION } from './example.ts';
import { readScheme } from './read.ts';
import type { CellProblem } from './reader.ts';
import { schemeWorkbook } from './write.ts';

/** The largest workbook accepted. */
export const SCHEME_UPLOAD_LIMIT = 8 * 1024 * 1024;

/** "赛项「实际操作」第 5 行 满分" */
export function placeText(p: CellProblem): string {
  const sheet = p.event !== undefined ? `赛项「${p.event}」` : `工作表「${p.sheet}」`;
  const row = p.row !== undefined ? `第 ${p.row} 行` : '';
  const column = p.column !== undefined ? ` ${p.column}` : '';
  return `${sheet}${row}${column}`;
}

/** A cell problem as an error detail: the place in its params, so a client can word it. */
export function cellDetail(p: CellProblem): ErrorDetail {
  return {
    path: 'file',
    code: p.code,
    message: `${placeText(p)}：${p.zh} / ${p.en}`,
    params: {
      ...p.params,
      sheet: p.sheet,
      ...(p.event !== undefined ? { event: p.event } : {}),
      ...(p.row !== undefined ? { row: p.row } : {}),
      ...(p.column !== undefined ? { column: p.column } : {}),
      reason: p.zh,
      reasonEn: p.en,
    },
  };
}

const asciiName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

export async function downloadScheme(ctx: Ctx, competitionId: string): Promise<FileAnswer> {
  const { version, definition } = await ctx.catalog.current(competitionId);
  return {
    bytes: await schemeWorkbook(definition),
    type: XLSX_TYPE,
    name: `${definition.name}评分细则-v${version}.xlsx`,
    fallback: asciiName(`${competitionId}-scheme-v${version}.xlsx`),
    headers: { 'x-definition-version': String(version) },
  };
}

export async function schemeTemplate(): Promise<FileAnswer> {
  const parsed = parseCompetition(TEMPLATE_DEFINITION);
  if (!parsed.success) throw new Error('the template definition is not valid');
  return {
    bytes: await schemeWorkbook(parsed.data),
    type: XLSX_TYPE,
    name: '评分细则模板.xlsx',
    fallback: 'scheme-template.xlsx',
  };
}

export async function loadScheme(
  ctx: Ctx,
  actor: Actor,
  competitionId: string,
  { bytes, contentType }: Upload,
  expectedVersion: number | undefined,
): Promise<CompetitionSummary> {
  requireOrganizer(actor);
  await ctx.catalog.current(competitionId); // 404 for an unknown competition
  if (expectedVersion === undefined) {
    throw new ServiceError('invalid_input', 'say which definition version the workbook replaces', {
      details: [
        detail('query.expectedVersion', 'required', 'the version the workbook was downloaded at'),
      ],
    });
  }
  acceptedType(contentType, [XLSX_TYPE]);
  const read = await readScheme(bytes);
  if (!read.ok) {
    const unreadable = read.problems.find((p) => p.code === 'unreadable');
    throw new ServiceError(
      'invalid_definition',
      '评分细则有问题，未保存 / the marking scheme has problems; nothing was saved',
      {
        details: unreadable
          ? [detail('body', 'unreadable', `${unreadable.zh} / ${unreadable.en}`)]
          : read.problems.map(cellDetail),
      },
    );
  }
  return saveDefinition(ctx, actor, competitionId, {
    definition: read.definition,
    expectedVersion,
  });
}
