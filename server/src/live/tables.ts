/**
 * The tables this instance holds for its subscribers (channel.ts, one per table and view):
 * loaded once however many ask at the same moment, and kept in step with the stored revisions,
 * each table's patches applied one after another. A patch that arrives ahead of what the table
 * holds is preceded by the revisions read back from the database (fill); a table that still does
 * not fit is loaded again. What applies is broadcast to the table's room, encoded once.
 */
import type { LivePatch } from '../contract/live.ts';
import { overallIdOf } from '../contract/live.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/service-error.ts';
import { broadcastLocal } from './broadcast.ts';
import { Channel, channelKey, roomOf, type ChannelKey } from './channel.ts';
import type { Io } from './socket.ts';

export class LiveTables {
  private readonly channels = new Map<string, Channel>();
  private readonly loading = new Map<string, Promise<Channel>>();
  /** Per channel, the work that applies its patches, one after another. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly ctx: Ctx;
  private readonly io: Io;

  constructor(ctx: Ctx, io: Io) {
    this.ctx = ctx;
    this.io = io;
  }

  get size(): number {
    return this.channels.size;
  }

  /** A table's name, from the definition in force; 404 for a scope it does not have. */
  private async tableName(key: ChannelKey): Promise<string> {
    const { definition } = await this.ctx.catalog.current(key.competitionId);
    const overallId = overallIdOf(key.scope);
    const overall =
      overallId === null ? undefined : definition.overall.find((o) => o.id === overallId);
    const event = definition.events.find((e) => e.id === key.scope);
    const name = overall?.name ?? event?.name;
    if (name === undefined) throw notFound(`table "${key.scope}"`, 'subscribe.scope');
    return name;
  }

  /** The table held for `key`, loaded first if it is not held yet (once for every asker). */
  channel(key: ChannelKey): Promise<Channel> {
    const k = channelKey(key);
    const held = this.channels.get(k);
    if (held) return Promise.resolve(held);
    let pending = this.loading.get(k);
    if (!pending) {
      pending = (async () => {
        const c = new Channel(key);
        await c.load(this.ctx.db, await this.tableName(key));
        this.channels.set(k, c);
        return c;
      })().finally(() => this.loading.delete(k));
      this.loading.set(k, pending);
    }
    return pending;
  }

  /** Runs `work` on a table after the work queued before it: patches apply in order. */
  enqueue(k: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(k) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      console.error('live delivery failed:', error);
    });
    this.queues.set(k, next);
    void next.finally(() => {
      if (this.queues.get(k) === next) this.queues.delete(k);
    });
    return next;
  }

  /** Applies the stored revisions after the table's head (up to `to`), sending each on. */
  async fill(c: Channel, to?: number): Promise<void> {
    for (const missing of await c.stored(this.ctx.db, c.head.rev, to ?? 2 ** 31 - 1)) {
      if (c.apply(missing) === 'applied')
        broadcastLocal(this.io, roomOf(missing), 'patch', missing);
    }
  }

  /** Applies a patch to the table this instance holds and sends it to its subscribers. */
  deliver(patch: LivePatch): void {
    const k = channelKey(patch);
    if (!this.channels.has(k)) return; // nobody here watches this table
    void this.enqueue(k, async () => {
      const c = this.channels.get(k);
      if (!c) return;
      let outcome = c.apply(patch);
      if (outcome === 'gap') {
        // Another instance's revisions came later than this one: read them first.
        await this.fill(c, patch.baseRev);
        outcome = c.apply(patch);
        if (outcome === 'gap') {
          await c.load(this.ctx.db, await this.tableName(patch));
          return;
        }
      }
      if (outcome === 'applied') broadcastLocal(this.io, roomOf(patch), 'patch', patch);
    });
  }

  /** Every table held reads back the revisions stored after its head. */
  readBack(): void {
    for (const [k, c] of this.channels) void this.enqueue(k, () => this.fill(c));
  }

  /**
   * Drops the tables nobody here watches any more; when `clustered`, the others read back
   * anything stored that never arrived.
   */
  sweep(clustered: boolean): void {
    for (const [k, c] of this.channels) {
      if (this.queues.has(k)) continue;
      if ((this.io.of('/').adapter.rooms.get(roomOf(c.key))?.size ?? 0) === 0) {
        this.channels.delete(k);
      } else if (clustered) void this.enqueue(k, () => this.fill(c));
    }
  }

  /** Waits for the work queued on every table. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }
}
