import { createLogUpdate } from 'log-update';
import { formatEvent } from '../engine/event-text.js';
import type { RunEvent } from '../engine/types.js';
import { spends } from '../plan/types.js';
import { formatElapsed } from '../shared/format.js';
import type { Paint } from './color.js';
import type { CliStream } from './sink.js';

/**
 * `live`: a terminal's redrawn block; `plain`: one line per state change (pipes, logs); `quiet`:
 * warnings and notices only (plan, whose table says the rest).
 */
export type ProgressMode = 'live' | 'plain' | 'quiet';

const ACTIVE = new Set(['submitted', 'queued', 'processing', 'completed', 'downloaded', 'retry']);

/**
 * Progress on stderr: on a terminal a live block (one line per request in flight, redrawn by
 * log-update) above which finished entries scroll; elsewhere one plain line per state change. The
 * plan itself is never listed entry by entry here: the table after the run shows it once.
 */
export class Progress {
  private readonly live?: ReturnType<typeof createLogUpdate>;
  private readonly active = new Map<string, string>();
  private finished = 0;
  private planned = 0;

  constructor(
    private readonly stream: CliStream,
    private readonly mode: ProgressMode,
    private readonly p: Paint,
  ) {
    // The live block redraws with cursor movements: only on a real terminal.
    if (mode === 'live') this.live = createLogUpdate(stream as NodeJS.WriteStream, { showCursor: true });
  }

  event(e: RunEvent): void {
    if (this.mode === 'quiet' && (e.type === 'phase' || e.type === 'entry')) return;
    if (!this.live) {
      if (e.type === 'entry' && e.state === 'planned') return;
      const text = formatEvent(e);
      this.stream.write(`${e.type === 'warning' ? this.p.yellow(text) : text}\n`);
      return;
    }
    if (e.type !== 'entry') {
      this.line(e.type === 'warning' ? this.p.yellow(formatEvent(e)) : this.p.bold(formatEvent(e)));
      return;
    }
    if (e.state === 'planned') {
      if (spends(e.action)) this.planned++;
      return;
    }
    if (ACTIVE.has(e.state)) {
      this.active.set(
        e.id,
        `${this.p.dim(formatElapsed(e.elapsedMs).padStart(8))}  ${e.id}: ${e.state}${e.detail ? ` ${this.p.dim(e.detail)}` : ''}`,
      );
    } else {
      this.active.delete(e.id);
      this.finished++;
      const text = formatEvent(e);
      this.line(e.state === 'failed' || e.state === 'pending' ? this.p.red(text) : this.p.green(text));
      return;
    }
    this.render();
  }

  /** A line that stays (printed above the live block). */
  line(text: string): void {
    if (!this.live) {
      this.stream.write(`${text}\n`);
      return;
    }
    this.live.clear();
    this.stream.write(`${text}\n`);
    this.render();
  }

  done(): void {
    this.live?.clear();
    this.live?.done();
  }

  private render(): void {
    if (!this.live) return;
    const head = this.p.bold(
      `${this.active.size} in flight, ${this.finished} done${this.planned ? ` of ${this.planned} to generate` : ''}`,
    );
    this.live([head, ...this.active.values()].join('\n'));
  }
}
