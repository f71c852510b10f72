/**
 * The scheme a blank marking-scheme template starts from (issue 16): one event with a module of
 * each common shape, so a new organizer sees every column filled in once and can load the file
 * as it is, then edit it into their own.
 */
import type { CompetitionInput } from '@skills/scoring';

export const TEMPLATE_DEFINITION: CompetitionInput = {
  schemaVersion: 1,
  id: 'my-competition',
  name: '职工技能竞赛（示例）',
  events: [
    {
      id: 'practical',
      name: '实际操作',
      max: 100,
      judges: 3,
      aggregation: { method: 'mean' },
      modules: [
        {
          id: 'A',
          name: '职业素养',
          weight: 20,
          criteria: [
            { id: 'A1', name: '着装与防护', kind: 'check', max: 5, judges: 1 },
            { id: 'A2', name: '工具摆放', kind: 'points', max: 10, step: 0.5 },
            {
              id: 'A3',
              name: '违规操作扣分',
              kind: 'deduction',
              max: 5,
              perItem: 1,
              description: '每次扣 1 分，最多扣 5 分',
            },
          ],
        },
        {
          id: 'B',
          name: '操作技能',
          weight: 80,
          criteria: [
            {
              id: 'B1',
              name: '操作规范',
              kind: 'points',
              max: 40,
              step: 0.5,
              judges: 5,
              aggregation: { method: 'trimmedMean', drop: 1 },
              rounding: { places: 2, mode: 'halfUp' },
            },
            {
              id: 'B2',
              name: '工艺质量',
              kind: 'judgement',
              max: 30,
              scale: { min: 0, max: 3 },
            },
            { id: 'B3', name: '完成时间', kind: 'points', max: 30 },
            { id: 'B4', name: '安全事故', kind: 'gate', effect: 'zeroEvent', judges: 1 },
          ],
        },
      ],
    },
  ],
};
