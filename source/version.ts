import {readFileSync} from 'node:fs';

// Read once at startup from the package manifest so --version, XTVERSION and config all agree.
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};

export const version: string = manifest.version;
