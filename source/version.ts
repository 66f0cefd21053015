import {readFileSync} from 'node:fs';
import path from 'node:path';
import {packageRoot} from './package-root.js';

// Read once at startup from the package manifest so --version, XTVERSION and config all agree.
const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version: string};

export const version: string = manifest.version;
