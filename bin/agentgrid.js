#!/usr/bin/env node
// Kept free of modern syntax so that an old Node reaches the version check instead of a syntax error.
// 22.15 brings process.execve, which pane programs start through so that no pane inherits another's terminal.
var required = [22, 15];
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < required[0] || (parts[0] === required[0] && parts[1] < required[1])) {
	process.stderr.write(
		'agentgrid: Node ' + required.join('.') + ' or newer is required, but this is Node ' + process.versions.node +
			'.\nInstall Node 22 (for example with nvm: nvm install 22), or run `npm start` in the agentgrid checkout, which uses its bundled Node 22.\n',
	);
	process.exit(1);
}
// Node's compile cache makes every start after the first skip compiling the bundle.
import('node:module')
	.then(function (module) {
		if (module.enableCompileCache) module.enableCompileCache();
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
