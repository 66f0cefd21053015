# Steady output for the grid bench: RATE bytes per second of coloured lines for SECONDS, written every 10 ms, as an
# agent streaming its answer does.
use strict;
use warnings;
use Time::HiRes qw(time sleep);

$| = 1;
my ($rate, $seconds) = @ARGV;
my @words = qw(const value return function import export await async if else);
my $start = time;
my ($sent, $n) = (0, 0);
while ((my $elapsed = time - $start) < $seconds) {
	my $buffer = '';
	while ($sent + length($buffer) < $rate * $elapsed) {
		my $colour = 16 + ($n * 7) % 216;
		$buffer .= sprintf("\e[38;5;%dm%6d\e[0m \e[1m%-8s\e[22m lorem ipsum dolor sit amet %s\n", $colour, $n, $words[$n % 10], 'x' x ($n % 7));
		$n++;
	}
	print $buffer;
	$sent += length $buffer;
	sleep 0.01;
}
