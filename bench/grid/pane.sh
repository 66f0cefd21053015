#!/bin/sh
# One pane of the grid bench, the same under agentgrid and tmux: announces itself, then runs the commands the bench
# writes into its control FIFO ("SEQ COMMAND ARG ARG"), touching done-ID-SEQ after each. The tty is left alone, so
# keys typed into the pane are echoed by the line discipline as in any shell.
dir=$1
id=$2
printf 'pane %s ready\n' "$id"
while :; do
	read -r seq cmd a b < "$dir/ctl-$id" || continue
	case $cmd in
		flood) cat "$dir/flood.txt" ;;
		floodloop) while [ ! -e "$dir/stop" ]; do cat "$dir/chunk.txt"; done ;;
		stream) perl "$dir/stream.pl" "$a" "$b" ;;
		line) printf '\033[%s;1H%s\033[K' "$a" "$b" ;;
		clear) printf '\033[H\033[2J' ;;
		quit) exit 0 ;;
	esac
	: > "$dir/done-$id-$seq"
done
