/**
 * Runs a program on this process's own terminal (the attach client's), e.g. the editor the review screen opens.
 */

export async function runOnTerminal(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
	// Loaded when first needed: the attach client starts in tens of milliseconds, and most sessions never run one.
	const {spawn} = await import('node:child_process');
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, {cwd, env, stdio: 'inherit'});
		child.once('error', reject);
		child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0)));
	});
}
