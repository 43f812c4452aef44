import { MemberGovernance1771000000000 } from '../../migrations/1771000000000-MemberGovernance.js';
import { defineModule } from '../common/module.js';
import { BoardTerm } from './board.entity.js';
import { CoOpClassRule, CoOpConstitution } from './constitution.entity.js';
import { CoOpMember } from './member.entity.js';
import { Ballot, BallotApproval, ElectionCandidate, Motion, MotionVoter } from './motion.entity.js';

export const governanceModule = defineModule({
  name: 'governance',
  entities: [CoOpConstitution, CoOpClassRule, CoOpMember, BoardTerm, Motion, ElectionCandidate, MotionVoter, Ballot, BallotApproval],
  resolvers: [],
  migrations: [MemberGovernance1771000000000],
  services: () => ({}),
});
