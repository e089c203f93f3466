/**
 * A run started by `issue_comment` (§10): it carries out the `/pixazo` commands of the comment and
 * nothing else — never plans or generates the manifest otherwise. A command is acted on only in a
 * pull request of this repository (not a fork: the token cannot push there), from someone the API
 * says may write; otherwise, and for an unknown id, a k out of range or a malformed line, ONE reply
 * says why and what to type, and nothing changes. `pick` lands candidate k as the entry's image in one
 * commit on the PR's head branch; `reroll` buys a new set (within max-cost). Done: a 👍 on the comment.
 */
import { BudgetError } from '../engine/errors.js';
import { openManifest } from '../engine/session.js';
import { COMMAND_SYNTAX, type Command, parseCommands } from '../plan/commands-parse.js';
import { fingerprintAll } from '../plan/fingerprint.js';
import { emptyLockfile, parseLockfile } from '../plan/lockfile.js';
import { commandProblems, quoted } from '../report/command-problems.js';
import { escapeMarkdown } from '../report/escape.js';
import { readTextIfExists } from '../shared/fs.js';
import { redact } from '../shared/redact.js';
import { annotations } from './annotations.js';
import { showInComment } from './command-comment.js';
import type { ActionContext } from './context.js';
import { repoApi } from './github-rest.js';
import type { ActionInputs } from './inputs.js';
import type { RunExtras, RunResult } from './run-once.js';
import { info } from './sinks.js';

/** The engine run of the action, as run-once.ts carries it out (publish, summary, comment included). */
export type RunOnce = (inputs: ActionInputs, ctx: ActionContext, extras: RunExtras) => Promise<RunResult>;

interface CommentEvent {
  comment?: { id?: number; body?: string; user?: { login?: string } };
  issue?: { number?: number; pull_request?: unknown };
}

const HOW = `Commands: ${COMMAND_SYNTAX.map((s) => `\`${s}\``).join(', ')} (one per line).`;

/** Carry out the commands of the comment that started this run. */
export async function runCommands(inputs: ActionInputs, ctx: ActionContext, runOnce: RunOnce): Promise<void> {
  const event = ctx.event as CommentEvent;
  const commands = parseCommands(event.comment?.body ?? '');
  // A comment without a `/pixazo ` line is none of our business: no reply.
  if (commands.length === 0) return info('No /pixazo command in this comment: nothing to do.');
  if (!inputs.commands) return info('commands: false — /pixazo commands are not answered.');
  const issueNumber = event.issue?.number;
  const commentId = event.comment?.id;
  const login = event.comment?.user?.login ?? '';
  if (!ctx.owner || !ctx.repo || typeof issueNumber !== 'number' || typeof commentId !== 'number')
    return annotations.warning(
      'An issue_comment event without a repository, issue or comment: nothing to do.',
    );
  if (!inputs.githubToken)
    return annotations.warning('No github-token: /pixazo commands cannot be answered.');
  const api = repoApi(ctx.apiUrl, inputs.githubToken, ctx.owner, ctx.repo);
  const reply = (text: string): Promise<void> =>
    api.reply(issueNumber, redact(`${text}\n\n${HOW}`)).catch((err: unknown) => {
      annotations.warning(`Could not reply to the command: ${(err as Error).message}`);
    });

  if (!event.issue?.pull_request)
    return reply('pixazo-images commands work in pull request comments only; nothing was changed.');
  if (!(await api.canWrite(login)))
    return reply(
      `Only people with write, maintain or admin permission on this repository can pick or reroll images; ${quoted(login)} has not. Nothing was changed: ask a maintainer to type the command.`,
    );
  const pr = await api.pull(issueNumber);
  if (pr.fork)
    return reply(
      'This pull request comes from a fork: the workflow token cannot push to its branch, so nothing was changed. Pick locally with `npx pixazo-images pick <id> <k>` on the branch and push, or ask for the branch in this repository.',
    );

  const { manifest, lockfilePath } = await openManifest({
    workspace: ctx.workspace,
    config: inputs.config,
    ...(inputs.lockfile ? { lockfile: inputs.lockfile } : {}),
  });
  const lockText = await readTextIfExists(lockfilePath);
  const lock = lockText === undefined ? emptyLockfile() : parseLockfile(lockText, lockfilePath);
  const problems = commandProblems(commands, manifest, lock, await fingerprintAll(manifest.entries));
  if (problems.length > 0)
    return reply(`Nothing was changed:\n\n${problems.map((p) => `- ${p}`).join('\n')}`);

  const prCtx: ActionContext = { ...ctx, pr: { number: issueNumber, headRef: pr.headRef, fork: false } };
  const done: string[] = [];
  for (const c of commands as Exclude<Command, { kind: 'malformed' }>[]) {
    try {
      const result = await carryOut(c, inputs, prCtx, runOnce);
      // The set's block in the sticky comment now shows the pick (or the new set), in its own section.
      await showInComment(
        c.kind === 'pick' ? { kind: 'pick', id: c.id, k: c.k } : { kind: 'reroll', id: c.id },
        result,
        inputs,
        prCtx,
      );
      done.push(c.kind === 'pick' ? `picked candidate ${c.k} of \`${c.id}\`` : `rerolled \`${c.id}\``);
    } catch (err) {
      const why = err instanceof BudgetError ? `${err.message.split('\n')[0]}` : (err as Error).message;
      await reply(
        `${quoted(c.line)} did not complete: ${escapeLine(why)}${done.length ? `\n\nDone before it: ${done.join(', ')}.` : ''}`,
      );
      throw err;
    }
  }
  await api.react(commentId, '+1').catch((err: unknown) => {
    annotations.warning(`Could not react to the command comment: ${(err as Error).message}`);
  });
}

/** One command: a pick (no call) or a reroll (a paid set, within max-cost), committed like any run. */
async function carryOut(
  c: Exclude<Command, { kind: 'malformed' }>,
  inputs: ActionInputs,
  ctx: ActionContext,
  runOnce: RunOnce,
): Promise<RunResult> {
  // The command's entry only, whatever shard or selection the workflow names.
  const { shard: _shard, ...rest } = inputs;
  const scoped: ActionInputs = {
    ...rest,
    only: [c.id],
    force: c.kind === 'reroll' ? [c.id] : [],
    // The comment shows the command's result in the set's own block (showInComment), not as a section.
    comment: false,
    // An entry that could not be carried out is answered in the reply, with what to type.
    failOnError: false,
    commitMessage:
      c.kind === 'pick' ? `chore(images): pick ${c.id} #${c.k}` : `chore(images): reroll ${c.id}`,
  };
  const number = ctx.pr!.number;
  const result =
    c.kind === 'pick'
      ? await runOnce(scoped, ctx, { pick: { id: c.id, k: c.k }, pullRequest: number })
      : await runOnce(scoped, ctx, { candidates: true, pullRequest: number });
  const entry = result.report.entries.find((e) => e.id === c.id);
  if (entry?.status === 'failed' || entry?.status === 'pending') throw new Error(entry.error ?? entry.status);
  return result;
}

/** Untrusted text (gateway messages, paths) in a reply: one escaped line. */
function escapeLine(text: string): string {
  return escapeMarkdown(text, 500);
}
