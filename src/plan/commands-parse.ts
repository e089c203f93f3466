/**
 * `/pixazo` commands in a pull request comment (§10): every line that starts with `/pixazo ` is a
 * command; other lines are ignored. The text is untrusted: ids are only ever matched against the
 * manifest (never used as a path or a shell word), and every token is length-capped.
 */

/** One command as written. */
export type Command =
  | { readonly kind: 'pick'; readonly line: string; readonly id: string; readonly k: number }
  | { readonly kind: 'reroll'; readonly line: string; readonly id: string }
  /** Not a command we know, or the wrong arguments: answered with the syntax. */
  | { readonly kind: 'malformed'; readonly line: string };

/** The syntax, for replies. */
export const COMMAND_SYNTAX = ['/pixazo pick <id> <k>', '/pixazo reroll <id>'] as const;

const PREFIX = '/pixazo ';
/** Longest line looked at: a command is short; a huge line is cut, never echoed whole. */
const MAX_LINE = 200;

/** The commands of a comment body, in order; none when no line starts with `/pixazo `. */
export function parseCommands(body: string): Command[] {
  const commands: Command[] = [];
  for (const raw of body.split(/\r?\n/)) {
    if (!raw.startsWith(PREFIX)) continue;
    const line = raw.trimEnd().slice(0, MAX_LINE);
    const [verb, ...args] = line.slice(PREFIX.length).trim().split(/\s+/);
    if (verb === 'pick' && args.length === 2 && /^[1-9][0-9]{0,2}$/.test(args[1]!))
      commands.push({ kind: 'pick', line, id: args[0]!, k: Number(args[1]) });
    else if (verb === 'reroll' && args.length === 1) commands.push({ kind: 'reroll', line, id: args[0]! });
    else commands.push({ kind: 'malformed', line });
  }
  return commands;
}
