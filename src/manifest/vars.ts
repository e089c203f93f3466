/** `{{name}}` in prompts: replaced by `vars.name`; an unknown name is a located error. */

import type { Context } from './draft.js';
import { pathText } from './issues.js';
import type { Path } from './locator.js';
import { didYouMean } from './suggest.js';

const VAR_REF = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Replaces `{{name}}` with `vars.name` (one pass: a var's own text is not expanded again).
 * Spaces inside the braces are allowed (`{{ style }}`); there is no escape for a literal `{{`.
 * A prompt that comes out empty is an error: the gateway would refuse it, after a charge.
 */
export function substituteVars(prompt: string, where: Path, ctx: Context): string {
  const used = new Set<string>();
  const result = prompt.replace(VAR_REF, (whole, name: string) => {
    // hasOwn: a prompt saying {{constructor}} must not reach Object.prototype.
    if (Object.hasOwn(ctx.vars, name)) {
      used.add(name);
      return ctx.vars[name]!;
    }
    if (!ctx.varNames.has(name)) {
      const hint = didYouMean(name, ctx.varNames, (s) => `\`{{${s}}}\``);
      const fix = hint
        ? ''
        : ctx.varNames.size
          ? '; define it under `vars:`'
          : '; define it under a top-level `vars:` map';
      ctx.issues.error(
        ctx.at.inside(where, whole),
        `${pathText(where)}: unknown variable \`${whole}\`${hint}${fix}`,
      );
    }
    return whole;
  });
  if (prompt.trim() !== '' && result.trim() === '') {
    const names = [...used].map((n) => `\`vars.${n}\``).join(', ');
    ctx.issues.error(
      ctx.at.value(where),
      `${pathText(where)} is empty after variable substitution (${names} ${used.size > 1 ? 'are' : 'is'} empty); give ${used.size > 1 ? 'them' : 'it'} text or write the prompt out`,
    );
  }
  return result;
}
