#!/usr/bin/env node
// Kept free of modern syntax so that an old Node reaches the version check instead of a syntax error.
// 22.15 brings process.execve, which pane programs start through so that no pane inherits another's terminal.
var required = [22, 15];
var parts = process.versions.node.split('.').map(Number);
var tooOld = parts[0] < required[0] || (parts[0] === required[0] && parts[1] < required[1]);
if (tooOld) reexecWithCheckoutNode();

function refuse() {
	process.stderr.write(
		'agentgrid: Node ' + required.join('.') + ' or newer is required, but this is Node ' + process.versions.node +
			'.\nInstall Node 22 (for example with nvm: nvm install 22), or run `npm ci` in the agentgrid checkout, which installs its own Node 22 that this command then uses.\n',
	);
	process.exit(1);
}

/**
 * A checkout installs its own Node 22 (the `node` package, in node_modules/node): an old Node on PATH (after
 * `npm link` with Node 20) hands the command to it, once, with the same arguments, terminal and exit status.
 */
function reexecWithCheckoutNode() {
	if (process.env.AGENTGRID_REEXEC === '1') return refuse();
	Promise.all([import('node:fs'), import('node:child_process'), import('node:url')]).then(function (modules) {
		var fs = modules[0];
		var shim = modules[2].fileURLToPath(import.meta.url);
		var candidate = modules[2].fileURLToPath(new URL('../node_modules/node/bin/' + (process.platform === 'win32' ? 'node.exe' : 'node'), import.meta.url));
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
		} catch (error) {
			return refuse();
		}
		var env = Object.assign({}, process.env, {AGENTGRID_REEXEC: '1'});
		var child = modules[1].spawn(candidate, [shim].concat(process.argv.slice(2)), {stdio: 'inherit', env: env});
		// The terminal sends Ctrl-C and resizes to the whole foreground group; a kill sent to this pid is passed on.
		['SIGTERM', 'SIGHUP'].forEach(function (name) {
			process.on(name, function () {
				child.kill(name);
			});
		});
		process.on('SIGINT', function () {});
		child.on('error', function (error) {
			process.stderr.write('agentgrid: could not start ' + candidate + ': ' + error.message + '\n');
			process.exit(1);
		});
		child.on('exit', function (code, signal) {
			if (signal) {
				process.removeAllListeners(signal);
				process.kill(process.pid, signal);
				return;
			}
			process.exit(code === null ? 1 : code);
		});
	});
}

// The attach client (plain agentgrid, attach, or options only) runs little code, and little of it often: V8's
// optimising compilers would cost it only the memory of their own code, about 6 of its 57 MB. Set before any code runs.
var first = process.argv[2];
var attaching = first === undefined || first === 'attach' || first.charAt(0) === '-';
// Node's compile cache makes every start after the first skip compiling the bundle.
if (!tooOld) Promise.all([import('node:module'), attaching ? import('node:v8') : undefined])
	.then(function (modules) {
		if (modules[1]) {
			modules[1].setFlagsFromString('--no-opt');
			modules[1].setFlagsFromString('--no-maglev');
		}
		if (modules[0].enableCompileCache) modules[0].enableCompileCache();
		return import('../dist/bundle/agentgrid.mjs');
	})
	.catch(function (error) {
		if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).indexOf('dist/bundle/agentgrid.mjs') !== -1) {
			process.stderr.write('agentgrid: the app is not built yet; run `npm run build` in the agentgrid checkout.\n');
		} else {
			process.stderr.write('agentgrid: ' + (error && error.stack ? error.stack : String(error)) + '\n');
		}
		process.exit(1);
	});
