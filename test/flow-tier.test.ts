import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { tierSchema } from '../src/flow/schema';
import { isEscalation, isTopTier, nextTier, TIERS, tierRank, tierStep } from '../src/flow/tier';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('tiers: one order for the schema, the linter, the engine and the test tools', () => {
  it('orders L1 < L2 < L3 and says what an escalation is', () => {
    expect(TIERS.map(tierRank)).to.deep.equal([1, 2, 3]);
    expect(tierStep('L1', 'L3')).to.equal(2);
    expect(tierStep('L3', 'L2')).to.equal(-1);
    expect(isEscalation('L1', 'L2')).to.equal(true);
    expect(isEscalation('L2', 'L2')).to.equal(false);
    expect(isEscalation('L3', 'L1')).to.equal(false);
    expect(isEscalation(undefined, 'L2')).to.equal(false);
    expect(isEscalation('L1', undefined)).to.equal(false);
  });

  it('names the next tier, and none above the top', () => {
    expect(TIERS.map(nextTier)).to.deep.equal(['L2', 'L3', undefined]);
    expect(nextTier(undefined)).to.equal(undefined);
    expect(TIERS.map(isTopTier)).to.deep.equal([false, false, true]);
    expect(isTopTier(undefined)).to.equal(false);
  });

  it('is the tiers the flow schema accepts', () => {
    expect(tierSchema.options).to.deep.equal([...TIERS]);
  });

  it('is the only place that compares tiers or ranks them', () => {
    const offenders = sourceFiles('src')
      .filter((file) => !file.endsWith(join('flow', 'tier.ts')))
      .filter((file) => /\.?tier\s*[<>]=?\s*\w+\.tier\b|\btier\s*>\s*from\.tier|RANK\s*:\s*Record<Tier|tier === 'L1' \? 'L2'/.test(readFileSync(file, 'utf8')));
    expect(offenders).to.deep.equal([]);
  });
});
