/** The gateway's name and version, as upstream calls announce them (User-Agent). */
import { readFileSync } from 'node:fs';

// src/version.ts and dist/version.js both sit one level under the package root.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const USER_AGENT = `${pkg.name}/${pkg.version}`;
