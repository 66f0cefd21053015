/**
 * The kitty keyboard protocol's flag 2 makes the terminal report key releases as well as presses: `CSI code ; mods:3`
 * followed by `u`, `~` or a letter (`CSI 1;1:3A` releases Up). A program that asked for them gets them verbatim; when
 * agentgrid reads keys itself (the key after the prefix, grid mode, forms) a release is no key at all.
 */
const release = /^\u001B\[[\d:]*;\d*:3(?:;[\d:]*)?[~A-Za-z]$/;

export function isKeyRelease(sequence: string): boolean {
	return release.test(sequence);
}
