import { registerEnumType } from 'type-graphql';

/** Where a constitution's rules started from: one of the four models of multi-stakeholder co-op, or the co-op's own. */
export enum ConstitutionTemplate {
  BRIGHTON_40_40_20 = 'BRIGHTON_40_40_20',
  ITALIAN_TYPE_A = 'ITALIAN_TYPE_A',
  QUEBEC_SOLIDARITY = 'QUEBEC_SOLIDARITY',
  SCIC = 'SCIC',
  CUSTOM = 'CUSTOM',
}
registerEnumType(ConstitutionTemplate, {
  name: 'ConstitutionTemplate',
  description: 'A model constitution for a multi-stakeholder co-op, or CUSTOM for rules the co-op wrote itself.',
  valuesConfig: {
    BRIGHTON_40_40_20: {
      description:
        'Brighton’s Care Co-ops: workers 40%, people who use the service 40%, other community members (supporters) 20% of the votes.',
    },
    ITALIAN_TYPE_A: { description: 'An Italian type A social co-op: one member one vote, volunteers at most half of the members.' },
    QUEBEC_SOLIDARITY: {
      description: 'A Quebec solidarity co-op: at least two classes, every class a board seat, supporters at most a third of the board.',
    },
    SCIC: {
      description:
        'A French SCIC: at least three classes including workers and users, no class above half the votes, public bodies at most a fifth.',
    },
    CUSTOM: { description: 'The co-op’s own rules.' },
  },
});

export enum VotingBasis {
  ONE_MEMBER_ONE_VOTE = 'ONE_MEMBER_ONE_VOTE',
  WEIGHTED_BY_CLASS = 'WEIGHTED_BY_CLASS',
}
registerEnumType(VotingBasis, {
  name: 'VotingBasis',
  description: 'How votes are counted.',
  valuesConfig: {
    ONE_MEMBER_ONE_VOTE: { description: 'Every member’s vote counts the same.' },
    WEIGHTED_BY_CLASS: {
      description: 'Each class casts its share of the vote (its weight), split among its members who voted for or against.',
    },
  },
});

export enum MemberOffice {
  SECRETARY = 'SECRETARY',
}
registerEnumType(MemberOffice, {
  name: 'MemberOffice',
  description: 'An office a member holds.',
  valuesConfig: {
    SECRETARY: { description: 'Keeps the register and opens motions, with the co-op’s coordinators.' },
  },
});

export enum MotionKind {
  ORDINARY_RESOLUTION = 'ORDINARY_RESOLUTION',
  SPECIAL_RESOLUTION = 'SPECIAL_RESOLUTION',
  BOARD_ELECTION = 'BOARD_ELECTION',
}
registerEnumType(MotionKind, {
  name: 'MotionKind',
  description: 'What members are asked to decide.',
  valuesConfig: {
    ORDINARY_RESOLUTION: { description: 'Passes with more than the constitution’s ordinary majority (more than half, usually).' },
    SPECIAL_RESOLUTION: {
      description: 'Passes with at least the constitution’s special majority (three quarters, usually): changing the rules, for one.',
    },
    BOARD_ELECTION: {
      description: 'Members of one class elect that class’s board seats by approval voting: the most approved candidates win.',
    },
  },
});

export enum VoteChoice {
  FOR = 'FOR',
  AGAINST = 'AGAINST',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(VoteChoice, {
  name: 'VoteChoice',
  description: 'A vote on a resolution.',
  valuesConfig: {
    FOR: { description: 'For the resolution.' },
    AGAINST: { description: 'Against it.' },
    ABSTAIN: { description: 'Neither: counts towards the quorum, not the majority.' },
  },
});
