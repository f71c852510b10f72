/**
 * The organizer's console state for one competition: its summary, kept fresh after each
 * action, and the helpers every panel uses to report what happened.
 */
import type { CompetitionSummary } from '@skills/server/contract';
import { api } from '../api.ts';
import { errorText } from '../errors.ts';
import { problemLines, worded } from './problem-text.ts';
import { t } from '../i18n.svelte.ts';

export class Console {
  summary = $state<CompetitionSummary | null>(null);
  /** The last action's outcome, shown at the top of the console. */
  notice = $state<{ kind: 'ok' | 'danger'; text: string; details: string[] } | null>(null);
  busy = $state(false);
  /** Bumped after every action that succeeded: panels showing server data reload on it. */
  changes = $state(0);
  readonly competitionId: string;

  constructor(competitionId: string) {
    this.competitionId = competitionId;
  }

  async refresh(): Promise<void> {
    this.summary = await api('get /api/competitions/:competitionId', {
      params: { competitionId: this.competitionId },
    });
  }

  /** Runs an action; its refusal is shown with every field the server named. */
  async run(action: () => Promise<string | undefined>): Promise<boolean> {
    this.busy = true;
    try {
      const text = await action();
      this.notice = text === undefined ? null : { kind: 'ok', text, details: [] };
      await this.refresh();
      this.changes++;
      return true;
    } catch (e) {
      this.notice = {
        kind: 'danger',
        // A refusal whose problems say why is headed "未保存", not a guess at the code's reason.
        text: worded(e) ? t('setup.refused') : errorText(e),
        // Each refused field in words: "第 3 行 › 工作单位 › 不能为空", not a JSON path.
        details: problemLines(e),
      };
      return false;
    } finally {
      this.busy = false;
    }
  }
}
