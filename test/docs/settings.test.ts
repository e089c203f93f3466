/**
 * The settings have one home, src/shared/settings.ts: action.yml (and so the README's inputs
 * table, generated from it), the CLI's options and `--help`, and docs/cli.md's options table all
 * agree with it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { flagsTable, readAction } from '../../scripts/gen-docs.js';
import { OPTIONS, type OptionName } from '../../src/cli/args.js';
import { helpText } from '../../src/cli/help.js';
import {
  defaultOf,
  flagHelp,
  type InputName,
  SETTINGS,
  type Setting,
  SHARED_SETTINGS,
} from '../../src/shared/settings.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const action = readAction();
const facts = (name: InputName): readonly string[] =>
  (SETTINGS[name] as { facts?: readonly string[] }).facts ?? [];

/** The flags of the settings the CLI has as flags (the key is an environment variable). */
const FLAGS = SHARED_SETTINGS.filter((s) => SETTINGS[s].cli.startsWith('--'));

describe('action.yml', () => {
  test('has exactly the inputs of the settings module, in its order', () => {
    expect(Object.keys(action.inputs)).toEqual(Object.keys(SETTINGS));
  });

  test.each(Object.keys(SETTINGS) as InputName[])('%s: its default is the module’s', (name) => {
    expect(action.inputs[name]?.default ?? '').toBe(defaultOf(name));
    expect(action.inputs[name]?.required ?? false).toBe(false);
  });

  test.each((Object.keys(SETTINGS) as InputName[]).filter((n) => facts(n).length > 0))(
    '%s: its description states what the module says',
    (name) => {
      for (const fact of facts(name)) expect(action.inputs[name]?.description, fact).toContain(fact);
    },
  );
});

describe('the CLI', () => {
  test.each(FLAGS)('%s: the flag is an option whose help line is the module’s', (setting: Setting) => {
    const option = SETTINGS[setting].cli.slice(2) as OptionName;
    expect(Object.hasOwn(OPTIONS, option)).toBe(true);
    expect(OPTIONS[option].help).toBe(flagHelp(setting));
    for (const fact of facts(setting)) expect(flagHelp(setting), fact).toContain(fact);
  });

  test('a default is stated in the help line; a switch says nothing of its false', () => {
    expect(flagHelp('poll-timeout')).toMatch(/ \(default: 15m\)$/);
    expect(flagHelp('max-image-bytes')).toMatch(/ \(default: 50MiB\)$/);
    expect(flagHelp('concurrency')).toMatch(/ \(default: auto\)$/);
    expect(flagHelp('prune')).not.toContain('default');
    expect(flagHelp('max-cost')).not.toContain('default');
  });

  test('generate --help shows every line of the settings it takes, default included', () => {
    // Help wraps at 80 columns, between words: read it with every run of spaces as one.
    const help = helpText('generate').replace(/\s+/g, ' ');
    for (const setting of FLAGS) expect(help, setting).toContain(`${flagHelp(setting)} `);
  });

  test("docs/cli.md's options table is the CLI's own list", () => {
    const page = readFileSync(path.join(ROOT, 'docs/cli.md'), 'utf8');
    const table = /<!-- generated:flags -->\n([\s\S]*?)\n<!-- \/generated:flags -->/.exec(page)?.[1];
    expect(table).toBe(flagsTable());
    for (const setting of FLAGS) expect(table).toContain(`| ${flagHelp(setting)} |`);
  });
});
