import { expect } from 'chai';
import { isPortRace, startFailureCause } from '../src/servers/dev-server-start-failure';

// A start-up panic as the temporal CLI writes it: the cause first, then a long stack trace.
const panicLog = [
  'time=2026-12-01T10:00:00Z level=WARN msg="starting"',
  'panic: failed assigning ephemeral port: failed to assign a free port: dial tcp 127.0.0.1:40123: connect: cannot assign requested address',
  '',
  'goroutine 1 [running]:',
  ...Array.from({ length: 40 }, (_, i) => `\tgithub.com/temporalio/cli/temporalcli/file${i}.go:${i + 1} +0x108c`),
].join('\n');

describe('dev server start failures', () => {
  it('finds the cause of a panic above a stack trace longer than any tail', () => {
    expect(startFailureCause(panicLog)).to.match(/^panic: failed assigning ephemeral port/);
    expect(panicLog.split('\n').slice(-15).join('\n')).not.to.include('ephemeral');
  });

  it('prefers a busy port to a generic error line, and finds nothing in a quiet log', () => {
    const log = 'level=ERROR msg="service failed"\nError: listen tcp 127.0.0.1:7233: bind: address already in use\n';
    expect(startFailureCause(log)).to.equal('Error: listen tcp 127.0.0.1:7233: bind: address already in use');
    expect(startFailureCause('level=WARN msg="starting"\n')).to.equal(undefined);
  });

  it('tries again after an ephemeral port failure or a busy port nobody named, never after a busy named port', () => {
    expect(isPortRace(panicLog, [7233, 8233])).to.equal(true);
    const busy = (port: number) => `listen tcp 127.0.0.1:${port}: bind: address already in use`;
    expect(isPortRace(busy(41000), [7233, 8233])).to.equal(true);
    expect(isPortRace(busy(7233), [7233, 8233])).to.equal(false);
    expect(isPortRace(busy(8233), [7233, 8233])).to.equal(false);
    expect(isPortRace('server process ended (exit code 1)', [])).to.equal(false);
  });
});
