/**
 * The oldest Node the CLI runs on. undici (under the gateway client) needs 22.19 and throws while
 * loading on anything older, so the entry checks this before it loads anything else. Kept free of
 * imports: it must run on any Node.
 */
export const MIN_NODE = { major: 22, minor: 19 } as const;

/** One line saying which Node is needed and how to get it, or undefined when `version` will do. */
export function nodeTooOld(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  if (major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor)) return undefined;
  return (
    `pixazo-images needs Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later, and this is Node.js ${version}: ` +
    'install Node.js 24 (or 22) LTS from https://nodejs.org or with your version manager (`nvm install 24`).'
  );
}
