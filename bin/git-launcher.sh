# Runs git holding no descriptor above stderr: node-pty opens its pty masters without close-on-exec, and Node can
# neither set the flag nor keep them from a child process that simple-git spawns, so git, its hooks and whatever they
# start (a credential cache daemon lives on) would inherit every pane's master. bash, because it can close
# descriptors above 9. BASH_ENV reaches this script encoded, so that bash does not run it here; git gets it back.
for fd in /dev/fd/*; do
	fd=${fd##*/}
	case $fd in 0|1|2|*[!0-9]*) ;; *) eval "exec $fd>&-" ;; esac
done
if [ "${AGENTGRID_BASH_ENV+set}" = set ]; then
	export BASH_ENV="$AGENTGRID_BASH_ENV"
	unset AGENTGRID_BASH_ENV
fi
# Background work (the radar) asks for a lower CPU priority, so that on a busy machine it yields to the agents and to
# the grid; `nice` is where the platform has it.
if [ -n "${AGENTGRID_GIT_NICE-}" ]; then
	nice_by=$AGENTGRID_GIT_NICE
	unset AGENTGRID_GIT_NICE
	if command -v nice >/dev/null 2>&1; then exec nice -n "$nice_by" git "$@"; fi
fi
exec git "$@"
