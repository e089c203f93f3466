import { expect, test } from 'vitest';
import { ACTION_NAMES, CLI_NAMES, type Setting } from '../../src/shared/settings.js';

test.each<[Setting, string, string]>([
  ['api-key', 'the `api-key` input', '`PIXAZO_API_KEY`'],
  ['config', 'the `config` input', '`--config`'],
  ['poll-timeout', 'the `poll-timeout` input', '`--poll-timeout`'],
  ['max-cost', 'the `max-cost` input', '`--max-cost`'],
  ['input-url-template', 'the `input-url-template` input', '`--input-url-template`'],
  ['max-image-bytes', 'the `max-image-bytes` input', '`--max-image-bytes`'],
  ['concurrency', 'the `concurrency` input', '`--concurrency`'],
  ['dry-run', 'the `dry-run` input', '`--dry-run`'],
])('%s: the action says %s, the CLI %s', (setting, action, cli) => {
  expect(ACTION_NAMES(setting)).toBe(action);
  expect(CLI_NAMES(setting)).toBe(cli);
});
