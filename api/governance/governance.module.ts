import { MemberGovernance1771000000000 } from '../../migrations/1771000000000-MemberGovernance.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { JobScheduler } from '../notifications/scheduler.js';
import { BoardTerm } from './board.entity.js';
import { CoOpClassRule, CoOpConstitution } from './constitution.entity.js';
import { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import { MotionClosing, TermsFromElection } from './motion-closing.js';
import { Ballot, BallotApproval, ElectionCandidate, Motion, MotionVoter } from './motion.entity.js';
import { MotionsResolver, ProviderMotionsResolver } from './motions.resolver.js';
import { MotionsService } from './motions.service.js';
import { VotesService } from './votes.service.js';

export const governanceModule = defineModule({
  name: 'governance',
  entities: [CoOpConstitution, CoOpClassRule, CoOpMember, BoardTerm, Motion, ElectionCandidate, MotionVoter, Ballot, BallotApproval],
  resolvers: [
    // Motions and votes.
    MotionsResolver,
    ProviderMotionsResolver,
  ],
  migrations: [MemberGovernance1771000000000],
  services: ({ uow, audit, scheduler }: CoreServices & { audit: AuditService; scheduler: JobScheduler }) => {
    const governanceReader = new GovernanceReader(uow);
    // Motions: opening, votes and receipts, and the job closing due motions (a read of a due result closes it too).
    const motionClosing = new MotionClosing(uow, audit, new TermsFromElection(uow));
    scheduler.register(motionClosing);
    return {
      governanceReader,
      motions: new MotionsService(uow, governanceReader, audit),
      votes: new VotesService(uow, governanceReader, audit),
      /** The scheduler runs it; tests call `run()` or `close(id)`. */
      motionClosing,
    };
  },
});
