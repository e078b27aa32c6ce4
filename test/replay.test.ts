import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import { runReplayCommand } from '../src/cli/commands/replay';
import { historyFiles, replayHistories } from '../src/testing';
import { resolveFlowFiles } from '../src/testing/run-flow-tests';

const HISTORIES = join('test', 'histories');

describe('replay safety: recorded histories replay with the current workflow code', function () {
  this.timeout(180_000);

  it('has recorded histories for every example flow', () => {
    const recorded = readdirSync(HISTORIES).sort();
    const flows = resolveFlowFiles([], 'flows').map((file) => basename(file, '.yaml'));
    expect(recorded).to.include.members(flows);
    for (const flow of flows) expect(historyFiles(join(HISTORIES, flow)).length, flow).to.be.greaterThan(0);
  });

  it('replays every recorded history without non-determinism', async () => {
    const files = historyFiles(HISTORIES);
    const outcomes = await replayHistories(files);
    expect(outcomes.filter((outcome) => !outcome.ok)).to.deep.equal([]);
    expect(outcomes).to.have.length(files.length);
  });

  it('reports a history whose recorded commands differ from what the workflow does as non-deterministic, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-replay-'));
    const source = historyFiles(join(HISTORIES, 'password-reset'))[0]!;
    mkdirSync(join(dir, 'password-reset'));
    copyFileSync(source, join(dir, 'password-reset', 'unchanged.json'));
    // As if the workflow had once run a different local activity here: today's code picks an owner with `pickAssignee`.
    type Payload = { data: string };
    const history = JSON.parse(readFileSync(source, 'utf8')) as { events: Array<{ markerRecordedEventAttributes?: { details: { data: { payloads: Payload[] } } } }> };
    const marker = history.events.find((event) => event.markerRecordedEventAttributes)!;
    const payload = marker.markerRecordedEventAttributes!.details.data.payloads[0]!;
    const data = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { activity_type: string };
    expect(data.activity_type).to.equal('pickAssignee');
    payload.data = Buffer.from(JSON.stringify({ ...data, activity_type: 'pickByDice' })).toString('base64');
    writeFileSync(join(dir, 'password-reset', 'changed.json'), JSON.stringify(history));

    const outcome = await runReplayCommand(dir);
    expect(outcome.exitCode).to.equal(1);
    const changed = outcome.outcomes.find((candidate) => candidate.file.endsWith('changed.json') && !candidate.file.endsWith('unchanged.json'))!;
    expect(changed).to.deep.include({ ok: false, nondeterministic: true });
    expect(changed.error).to.match(/Nondeterminism error: .*pickByDice.*pickAssignee|Nondeterminism error: .*pickAssignee.*pickByDice/);
    expect(outcome.output).to.contain(`✗ ${changed.file}: NON-DETERMINISTIC — `);
    expect(outcome.output).to.match(/✓ \S+unchanged\.json/);
    expect(outcome.output).to.contain('1/2 histories replay with the current workflow code; 1 do not');
  });

  it('reports an unreadable history as a failure of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-replay-'));
    writeFileSync(join(dir, 'broken.json'), '{ "events": [ { "eventId": ');
    const [outcome] = await replayHistories([join(dir, 'broken.json')]);
    expect(outcome).to.deep.include({ ok: false, nondeterministic: false });
    expect(outcome!.error).to.match(/^cannot read history: /);
  });
});
