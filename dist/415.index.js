export const id = 415;
export const ids = [415];
export const modules = {

/***/ 30415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCommands: () => (/* binding */ runCommands)
});

// EXTERNAL MODULE: ./src/engine/errors.ts
var errors = __webpack_require__(17679);
// EXTERNAL MODULE: ./src/engine/session.ts
var session = __webpack_require__(50910);
;// CONCATENATED MODULE: ./src/plan/commands-parse.ts
/**
 * `/pixazo` commands in a pull request comment (§10): every line that starts with `/pixazo ` is a
 * command; other lines are ignored. The text is untrusted: ids are only ever matched against the
 * manifest (never used as a path or a shell word), and every token is length-capped.
 */
/** The syntax, for replies. */
const COMMAND_SYNTAX = ['/pixazo pick <id> <k>', '/pixazo reroll <id>'];
const PREFIX = '/pixazo ';
/** Longest line looked at: a command is short; a huge line is cut, never echoed whole. */
const MAX_LINE = 200;
/** The commands of a comment body, in order; none when no line starts with `/pixazo `. */
function parseCommands(body) {
    const commands = [];
    for (const raw of body.split(/\r?\n/)) {
        if (!raw.startsWith(PREFIX))
            continue;
        const line = raw.trimEnd().slice(0, MAX_LINE);
        const [verb, ...args] = line.slice(PREFIX.length).trim().split(/\s+/);
        if (verb === 'pick' && args.length === 2 && /^[1-9][0-9]{0,2}$/.test(args[1]))
            commands.push({ kind: 'pick', line, id: args[0], k: Number(args[1]) });
        else if (verb === 'reroll' && args.length === 1)
            commands.push({ kind: 'reroll', line, id: args[0] });
        else
            commands.push({ kind: 'malformed', line });
    }
    return commands;
}

// EXTERNAL MODULE: ./src/plan/fingerprint.ts
var fingerprint = __webpack_require__(71731);
// EXTERNAL MODULE: ./src/plan/lockfile.ts + 1 modules
var lockfile = __webpack_require__(59054);
// EXTERNAL MODULE: ./src/manifest/suggest.ts
var suggest = __webpack_require__(67271);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
;// CONCATENATED MODULE: ./src/report/command-problems.ts
/**
 * Whether `/pixazo` commands can be carried out against this manifest and lockfile (§10): the id is
 * an entry of the manifest (matched, never used as a path), `pick` names a candidate of a set that
 * awaits a pick, `reroll` an entry that takes candidates. Every problem is collected, so one reply
 * says everything: sentences of that reply, in markdown, untrusted text escaped or quoted.
 */



/**
 * Untrusted text as inline code: nothing inside a code span is markdown (no mention, link or HTML),
 * and no backtick is left to close it early; one line, truncated.
 */
function quoted(text) {
    return `\`${(0,report_escape/* truncate */.xv)((0,report_escape/* collapseWhitespace */.DK)(text), 80).replaceAll('`', "'")}\``;
}
/** The problems of `commands`, one sentence each; empty when every command can be carried out. */
function commandProblems(commands, manifest, lock, fingerprints) {
    const ids = manifest.entries.map((e) => e.id);
    const problems = [];
    for (const c of commands) {
        if (c.kind === 'malformed') {
            problems.push(`${quoted(c.line)} is not a command I know: type ${COMMAND_SYNTAX.map((s) => `\`${s}\``).join(' or ')}.`);
            continue;
        }
        const entry = manifest.entries.find((e) => e.id === c.id);
        if (!entry) {
            const near = (0,suggest/* closest */.kp)(c.id, ids);
            problems.push(`${quoted(c.line)}: there is no entry ${quoted(c.id)} in ${(0,report_escape/* escapeMarkdown */.FV)(manifest.displayPath)}${near ? ` — did you mean \`${near}\`?` : '.'}`);
            continue;
        }
        const set = lock.candidates[fingerprints.get(entry.id)?.value ?? ''];
        if (c.kind === 'pick') {
            if (!set) {
                problems.push(`${quoted(c.line)}: ${quoted(entry.id)} has no candidates awaiting a pick${entry.candidates ? ` — type \`/pixazo reroll ${entry.id}\` to buy a set` : ''}.`);
                continue;
            }
            const n = set.files.length;
            if (c.k < 1 || c.k > n)
                problems.push(`${quoted(c.line)}: ${quoted(entry.id)} has candidates 1 to ${n}: type \`/pixazo pick ${entry.id} <1-${n}>\`.`);
            continue;
        }
        if (!entry.candidates)
            problems.push(`${quoted(c.line)}: ${quoted(entry.id)} has no \`candidates:\` in the manifest; add \`candidates: 4\` to it to get sets to pick from.`);
    }
    return problems;
}

// EXTERNAL MODULE: ./src/shared/fs.ts
var fs = __webpack_require__(66242);
// EXTERNAL MODULE: ./src/shared/redact.ts
var redact = __webpack_require__(48932);
// EXTERNAL MODULE: ./src/action/annotations.ts
var annotations = __webpack_require__(47376);
// EXTERNAL MODULE: ./src/report/candidates.ts
var candidates = __webpack_require__(70066);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
// EXTERNAL MODULE: ./src/action/sinks.ts
var sinks = __webpack_require__(41426);
// EXTERNAL MODULE: ./src/action/summary.ts + 1 modules
var summary = __webpack_require__(91467);
;// CONCATENATED MODULE: ./src/action/command-comment.ts
/**
 * A command's result in the sticky comment (§10): the set's block — in whichever section shows it,
 * the full run's or a shard's — is replaced in place: by the picked image after a `pick`, by the new
 * grid after a `reroll`. The rest of the comment (other entries, other sections, the totals) stays as
 * the runs that wrote it left it. A comment is a courtesy: nothing here fails the command.
 */





/** The block that now stands for the set, or undefined when the run shows nothing for it. */
function blockFor(done, result, ctx) {
    const { report } = result;
    const entry = report.entries.find((e) => e.id === done.id);
    if (!entry)
        return undefined;
    const urls = (0,summary/* previewUrls */.Df)(report, ctx, result.published);
    if (done.kind === 'pick') {
        const n = /of (\d+)$/.exec(entry.reason)?.[1];
        const file = entry.files[0];
        if (!file)
            return undefined;
        return (0,candidates/* pickedBlock */.WF)(done.id, done.k, Number(n ?? done.k), file, urls.previewUrl?.(file));
    }
    if (!entry.candidates)
        return undefined;
    return (0,candidates/* setBlock */.uO)(entry, { previewUrl: urls.previewUrl, previousUrl: undefined, left: 8 });
}
/** Puts the command's result into the sticky comment of the pull request; a warning when it cannot. */
async function showInComment(done, result, inputs, ctx) {
    if (!inputs.comment || !ctx.pr || !ctx.owner || !ctx.repo || !inputs.githubToken)
        return;
    const block = blockFor(done, result, ctx);
    if (!block)
        return;
    const report = result.report;
    const marker = (0,markdown/* commentMarker */.Ql)(report.manifest);
    const { RESULTS_TAG } = await __webpack_require__.e(/* import() */ 206).then(__webpack_require__.bind(__webpack_require__, 71206));
    let shown = false;
    await (0,summary/* rewritePrComment */.kK)(ctx, inputs.githubToken, {
        marker,
        compose: (existing) => {
            // The tag is added again on the way out.
            const patched = existing && (0,candidates/* replaceSetBlock */.qd)(existing.replaceAll(`\n${RESULTS_TAG}`, ''), done.id, block);
            shown = patched !== undefined;
            return patched;
        },
        kind: 'results',
        logger: { info: () => { }, warning: (m) => annotations/* annotations */.hk.warning(m) },
    });
    if (!shown)
        (0,sinks/* info */.pq)(`The PR comment shows no candidates of ${done.id}: it is left as it was.`);
    else
        annotations/* actionLogger */.v0.info(`The PR comment shows the ${done.kind === 'pick' ? 'pick' : 'new set'} of ${done.id}.`);
}

;// CONCATENATED MODULE: ./src/action/github-rest.ts
/**
 * The few REST calls the `/pixazo` commands make (§10): who may write, which pull request, a reply
 * and a reaction. Plain `fetch` with the workflow's token, to the API of the run's GitHub
 * (`GITHUB_API_URL`); a failure is an error naming the call, never the token.
 */
/** What a failed call says. */
class GitHubRestError extends Error {
    status;
    name = 'GitHubRestError';
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
/** A client for `owner/repo` at `apiUrl` with `token`. */
function repoApi(apiUrl, token, owner, repo) {
    const base = `${apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
    async function call(method, path, body) {
        const res = await fetch(`${base}${path}`, {
            method,
            headers: {
                accept: 'application/vnd.github+json',
                authorization: `Bearer ${token}`,
                'x-github-api-version': '2022-11-28',
                ...(body !== undefined && { 'content-type': 'application/json' }),
            },
            ...(body !== undefined && { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        if (!res.ok) {
            let message = text.slice(0, 200);
            try {
                message = String(JSON.parse(text).message ?? message);
            }
            catch { }
            throw new GitHubRestError(res.status, `${method} ${path.split('?')[0]}: ${res.status} ${message}`);
        }
        return (text ? JSON.parse(text) : undefined);
    }
    return {
        async canWrite(login) {
            const r = await call('GET', `/collaborators/${encodeURIComponent(login)}/permission`);
            const allowed = new Set(['admin', 'maintain', 'write']);
            return allowed.has(r.permission ?? '') || allowed.has(r.role_name ?? '');
        },
        async pull(number) {
            const r = await call('GET', `/pulls/${number}`);
            const head = r.head?.repo?.full_name;
            const baseRepo = r.base?.repo?.full_name ?? `${owner}/${repo}`;
            // A head repository that is gone (a deleted fork) is no branch this token can push to either.
            return { headRef: r.head?.ref ?? '', fork: !head || head.toLowerCase() !== baseRepo.toLowerCase() };
        },
        async reply(issueNumber, body) {
            await call('POST', `/issues/${issueNumber}/comments`, { body });
        },
        async react(commentId, content) {
            await call('POST', `/issues/comments/${commentId}/reactions`, { content });
        },
    };
}

;// CONCATENATED MODULE: ./src/action/commands.ts
/**
 * A run started by `issue_comment` (§10): it carries out the `/pixazo` commands of the comment and
 * nothing else — never plans or generates the manifest otherwise. A command is acted on only in a
 * pull request of this repository (not a fork: the token cannot push there), from someone the API
 * says may write; otherwise, and for an unknown id, a k out of range or a malformed line, ONE reply
 * says why and what to type, and nothing changes. `pick` lands candidate k as the entry's image in one
 * commit on the PR's head branch; `reroll` buys a new set (within max-cost). Done: a 👍 on the comment.
 */













const HOW = `Commands: ${COMMAND_SYNTAX.map((s) => `\`${s}\``).join(', ')} (one per line).`;
/** Carry out the commands of the comment that started this run. */
async function runCommands(inputs, ctx, runOnce) {
    const event = ctx.event;
    const commands = parseCommands(event.comment?.body ?? '');
    // A comment without a `/pixazo ` line is none of our business: no reply.
    if (commands.length === 0)
        return (0,sinks/* info */.pq)('No /pixazo command in this comment: nothing to do.');
    if (!inputs.commands)
        return (0,sinks/* info */.pq)('commands: false — /pixazo commands are not answered.');
    const issueNumber = event.issue?.number;
    const commentId = event.comment?.id;
    const login = event.comment?.user?.login ?? '';
    if (!ctx.owner || !ctx.repo || typeof issueNumber !== 'number' || typeof commentId !== 'number')
        return annotations/* annotations */.hk.warning('An issue_comment event without a repository, issue or comment: nothing to do.');
    if (!inputs.githubToken)
        return annotations/* annotations */.hk.warning('No github-token: /pixazo commands cannot be answered.');
    const api = repoApi(ctx.apiUrl, inputs.githubToken, ctx.owner, ctx.repo);
    const reply = (text) => api.reply(issueNumber, (0,redact/* redact */.E$)(`${text}\n\n${HOW}`)).catch((err) => {
        annotations/* annotations */.hk.warning(`Could not reply to the command: ${err.message}`);
    });
    if (!event.issue?.pull_request)
        return reply('pixazo-images commands work in pull request comments only; nothing was changed.');
    if (!(await api.canWrite(login)))
        return reply(`Only people with write, maintain or admin permission on this repository can pick or reroll images; ${quoted(login)} has not. Nothing was changed: ask a maintainer to type the command.`);
    const pr = await api.pull(issueNumber);
    if (pr.fork)
        return reply('This pull request comes from a fork: the workflow token cannot push to its branch, so nothing was changed. Pick locally with `npx pixazo-images pick <id> <k>` on the branch and push, or ask for the branch in this repository.');
    const { manifest, lockfilePath } = await (0,session/* openManifest */.gp)({
        workspace: ctx.workspace,
        config: inputs.config,
        ...(inputs.lockfile ? { lockfile: inputs.lockfile } : {}),
    });
    const lockText = await (0,fs/* readTextIfExists */.TP)(lockfilePath);
    const lock = lockText === undefined ? (0,lockfile/* emptyLockfile */.rA)() : (0,lockfile/* parseLockfile */.tg)(lockText, lockfilePath);
    const problems = commandProblems(commands, manifest, lock, await (0,fingerprint/* fingerprintAll */.Im)(manifest.entries));
    if (problems.length > 0)
        return reply(`Nothing was changed:\n\n${problems.map((p) => `- ${p}`).join('\n')}`);
    const prCtx = { ...ctx, pr: { number: issueNumber, headRef: pr.headRef, fork: false } };
    const done = [];
    for (const c of commands) {
        try {
            const result = await carryOut(c, inputs, prCtx, runOnce);
            // The set's block in the sticky comment now shows the pick (or the new set), in its own section.
            await showInComment(c.kind === 'pick' ? { kind: 'pick', id: c.id, k: c.k } : { kind: 'reroll', id: c.id }, result, inputs, prCtx);
            done.push(c.kind === 'pick' ? `picked candidate ${c.k} of \`${c.id}\`` : `rerolled \`${c.id}\``);
        }
        catch (err) {
            const why = err instanceof errors/* BudgetError */.W ? `${err.message.split('\n')[0]}` : err.message;
            await reply(`${quoted(c.line)} did not complete: ${escapeLine(why)}${done.length ? `\n\nDone before it: ${done.join(', ')}.` : ''}`);
            throw err;
        }
    }
    await api.react(commentId, '+1').catch((err) => {
        annotations/* annotations */.hk.warning(`Could not react to the command comment: ${err.message}`);
    });
}
/** One command: a pick (no call) or a reroll (a paid set, within max-cost), committed like any run. */
async function carryOut(c, inputs, ctx, runOnce) {
    // The command's entry only, whatever shard or selection the workflow names.
    const { shard: _shard, ...rest } = inputs;
    const scoped = {
        ...rest,
        only: [c.id],
        force: c.kind === 'reroll' ? [c.id] : [],
        // The comment shows the command's result in the set's own block (showInComment), not as a section.
        comment: false,
        // An entry that could not be carried out is answered in the reply, with what to type.
        failOnError: false,
        commitMessage: c.kind === 'pick' ? `chore(images): pick ${c.id} #${c.k}` : `chore(images): reroll ${c.id}`,
    };
    const number = ctx.pr.number;
    const result = c.kind === 'pick'
        ? await runOnce(scoped, ctx, { pick: { id: c.id, k: c.k }, pullRequest: number })
        : await runOnce(scoped, ctx, { candidates: true, pullRequest: number });
    const entry = result.report.entries.find((e) => e.id === c.id);
    if (entry?.status === 'failed' || entry?.status === 'pending')
        throw new Error(entry.error ?? entry.status);
    return result;
}
/** Untrusted text (gateway messages, paths) in a reply: one escaped line. */
function escapeLine(text) {
    return (0,report_escape/* escapeMarkdown */.FV)(text, 500);
}


/***/ })

};
