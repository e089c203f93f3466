/**
 * The run's events as text: one plain line per state change, the same in the action's log and in
 * the CLI's plain progress.
 */
import { formatElapsed } from '../shared/format.js';
import type { RunEvent } from './types.js';

/**
 * One plain progress line per state change (CI logs, non-TTY CLI). Ids and gateway text are
 * printed as they are: logs are not rendered as markdown, and the key was redacted upstream.
 */
export function formatEvent(e: RunEvent): string {
  switch (e.type) {
    case 'phase':
      return e.message;
    case 'entry':
      return `${formatElapsed(e.elapsedMs).padStart(8)}  ${e.id}: ${e.state}${e.detail ? ` — ${e.detail}` : ''}`;
    case 'warning':
      return `warning: ${e.message}`;
    case 'notice':
      return e.message;
  }
}
