import { expect } from 'chai';
import { formatDuration, parseDurationMinutes, parseDurationMs } from '../src/flow/duration';

/*
 * Durations as flows write them (`after:` timeouts, SLA targets): every unit, their order, and
 * the forms that must be refused, and the way back to the notation for messages and diagrams.
 */
const MINUTE = 60_000;

describe('flow durations', () => {
  it('reads each unit and their combinations, largest first', () => {
    expect(parseDurationMs('1d')).to.equal(1440 * MINUTE);
    expect(parseDurationMs('2h')).to.equal(120 * MINUTE);
    expect(parseDurationMs('30m')).to.equal(30 * MINUTE);
    expect(parseDurationMs('45s')).to.equal(45_000);
    expect(parseDurationMs('1d2h3m4s')).to.equal(86_400_000 + 7_200_000 + 180_000 + 4_000);
    expect(parseDurationMs('1h30m')).to.equal(90 * MINUTE);
    expect(parseDurationMs('0m')).to.equal(0);
    expect(parseDurationMs(' 15m ')).to.equal(15 * MINUTE);
    expect(parseDurationMinutes('1h30m')).to.equal(90);
    expect(parseDurationMinutes('90s')).to.equal(1.5);
  });

  it('refuses anything else, naming the text and the forms it takes', () => {
    for (const bad of ['', ' ', '15', 'm', '1.5h', '-5m', '30m1h', '1h 30m', '1w', '15min', 'h1', 'x30m', '30mx', '1hh']) {
      expect(() => parseDurationMs(bad), JSON.stringify(bad)).to.throw(`'${bad}' is not a duration; write e.g. '30m', '4h', '1h30m' or '2d'`);
    }
  });

  it('writes milliseconds back in the same notation, dropping empty units', () => {
    expect(formatDuration(90 * MINUTE)).to.equal('1h30m');
    expect(formatDuration(86_400_000 + 4_000)).to.equal('1d4s');
    expect(formatDuration(86_400_000 + 7_200_000 + 180_000 + 4_000)).to.equal('1d2h3m4s');
    expect(formatDuration(60 * MINUTE)).to.equal('1h');
    expect(formatDuration(59_999)).to.equal('1m');
    expect(formatDuration(1_499)).to.equal('1s');
    expect(formatDuration(0)).to.equal('0m');
    // Under half a second rounds to no whole second: still a duration a reader (and the parser) understands.
    for (const ms of [1, 250, 499]) expect(formatDuration(ms)).to.equal('0s');
    expect(parseDurationMs(formatDuration(499))).to.equal(0);
    expect(formatDuration(500)).to.equal('1s');
    expect(formatDuration(-MINUTE)).to.equal('0m');
    for (const text of ['2d', '1d23h59m59s', '4h', '15m', '1h30m']) expect(formatDuration(parseDurationMs(text))).to.equal(text);
  });
});
