import { describe, expect, test } from 'vitest';
import { MemberClass } from '../directory/directory.enums.js';
import { VotingBasis } from './governance.enums.js';
import { type MotionRules, percent, tallyElection, tallyResolution } from './tally.js';

const { WORKER, SERVICE_USER, SUPPORTER } = MemberClass;

const weighted = (majority: MotionRules['majority']): MotionRules => ({
  votingBasis: VotingBasis.WEIGHTED_BY_CLASS,
  quorumPercent: 10,
  boardTermMonths: 36,
  majority,
  classes: [
    { memberClass: WORKER, weightPercent: 40, electorate: 10 },
    { memberClass: SERVICE_USER, weightPercent: 40, electorate: 10 },
    { memberClass: SUPPORTER, weightPercent: 20, electorate: 10 },
  ],
});

describe('a resolution', () => {
  test('a special majority of exactly three quarters passes; an ordinary majority of exactly half does not', () => {
    const votes = [{ memberClass: WORKER, for: 3, against: 1, abstain: 0 }];
    // Only workers voted for or against: their weight is the whole, and 3 of 4 is 75%.
    expect(tallyResolution(weighted({ rule: 'AT_LEAST', percent: 75 }), votes)).toMatchObject({ passed: true, forSharePercent: 75 });
    const half = [{ memberClass: WORKER, for: 1, against: 1, abstain: 2 }];
    expect(tallyResolution(weighted({ rule: 'MORE_THAN', percent: 50 }), half)).toMatchObject({ passed: false, forSharePercent: 50 });
  });

  test('thirds are compared exactly, not as rounded decimals', () => {
    // Workers 2 of 3 for, users 1 of 3: (40 × 2/3 + 40 × 1/3) ÷ 80 = exactly a half, which is not more than half.
    const votes = [
      { memberClass: WORKER, for: 2, against: 1, abstain: 0 },
      { memberClass: SERVICE_USER, for: 1, against: 2, abstain: 0 },
    ];
    expect(tallyResolution(weighted({ rule: 'MORE_THAN', percent: 50 }), votes)).toMatchObject({ passed: false, forSharePercent: 50 });
  });

  test('one member one vote counts heads; abstentions count for the quorum only; nobody deciding passes nothing', () => {
    const rules: MotionRules = {
      votingBasis: VotingBasis.ONE_MEMBER_ONE_VOTE,
      quorumPercent: 50,
      boardTermMonths: 36,
      majority: { rule: 'MORE_THAN', percent: 50 },
      classes: [{ memberClass: WORKER, weightPercent: null, electorate: 6 }],
    };
    expect(tallyResolution(rules, [{ memberClass: WORKER, for: 2, against: 1, abstain: 0 }])).toMatchObject({
      quorumMet: true,
      passed: true,
      forSharePercent: 66.67,
    });
    expect(tallyResolution(rules, [{ memberClass: WORKER, for: 0, against: 0, abstain: 3 }])).toMatchObject({
      quorumMet: true,
      passed: false,
      forSharePercent: null,
    });
  });

  test('percentages round half up to two places', () => {
    expect(percent({ n: 1n, d: 8n })).toBe(12.5);
    expect(percent({ n: 2n, d: 3n })).toBe(66.67);
    expect(percent({ n: 1n, d: 200_000n })).toBe(0);
  });
});

describe('an election', () => {
  const rules: MotionRules = {
    votingBasis: VotingBasis.WEIGHTED_BY_CLASS,
    quorumPercent: 50,
    boardTermMonths: 36,
    majority: null,
    classes: [{ memberClass: WORKER, weightPercent: 40, electorate: 4 }],
  };
  const ballots = [{ memberClass: WORKER, for: 2, against: 0, abstain: 0 }];
  const candidates = (...approvals: number[]) =>
    approvals.map((a, i) => ({ candidateId: `c${i}`, memberId: `m${i}`, approvals: a, stillMember: true }));

  test('the most approved fill the seats; a tie within the seats elects both', () => {
    const result = tallyElection(rules, ballots, candidates(2, 2, 1), 2);
    expect(result.candidates.filter((c) => c.elected).map((c) => c.candidateId)).toEqual(['c0', 'c1']);
    expect(result.tiedForLastSeat).toEqual([]);
  });

  test('a tie for the last seat leaves it empty and names the tied; nobody approved is never elected', () => {
    const result = tallyElection(rules, ballots, candidates(2, 1, 1, 0), 2);
    expect(result.candidates.filter((c) => c.elected).map((c) => c.candidateId)).toEqual(['c0']);
    expect(result.tiedForLastSeat).toEqual(['c1', 'c2']);
    expect(tallyElection(rules, ballots, candidates(0, 0), 1).passed).toBe(false);
  });

  test('a candidate who left before the close is not elected, nor counted in a tie: the next most approved take the seats', () => {
    const gone = candidates(3, 2, 2, 1).map((c) => (c.candidateId === 'c0' ? { ...c, stillMember: false } : c));
    const result = tallyElection(rules, ballots, gone, 2);
    expect(result.candidates.map((c) => [c.candidateId, c.approvals, c.elected])).toEqual([
      ['c0', 3, false],
      ['c1', 2, true],
      ['c2', 2, true],
      ['c3', 1, false],
    ]);
    expect(result.summary).toBe('2 of 2 seats filled. 1 candidate left the co-op before the close and took no seat.');
  });

  test('without a quorum nobody is elected', () => {
    const result = tallyElection(rules, [{ memberClass: WORKER, for: 1, against: 0, abstain: 0 }], candidates(1), 1);
    expect(result).toMatchObject({ quorumMet: false, passed: false });
    expect(result.candidates[0]!.elected).toBe(false);
  });
});
