import { MemberGovernance1771000000000 } from '../../migrations/1771000000000-MemberGovernance.js';
import type { AccountInvitationsService } from '../accounts/account-invitations.service.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryCurationService } from '../directory/curation.service.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { JobScheduler } from '../notifications/scheduler.js';
import { BoardTerm } from './board.entity.js';
import { BoardTermResolver, ProviderBoardResolver } from './board.resolver.js';
import { BoardService } from './board.service.js';
import { CoOpClassRule, CoOpConstitution } from './constitution.entity.js';
import { ConstitutionResolver, ProviderConstitutionResolver } from './constitution.resolver.js';
import { ConstitutionService } from './constitution.service.js';
import { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import { MemberFactsService } from './member-facts.service.js';
import { MotionClosing } from './motion-closing.js';
import { Ballot, BallotApproval, ElectionCandidate, Motion, MotionVoter } from './motion.entity.js';
import { MotionsResolver, ProviderMotionsResolver } from './motions.resolver.js';
import { MotionsService } from './motions.service.js';
import {
  CoOpMemberResolver,
  PersonCoOpMembershipsResolver,
  ProviderRegisterResolver,
  ViewerCoOpMembershipsResolver,
} from './register.resolver.js';
import { RegisterService } from './register.service.js';
import { VotesService } from './votes.service.js';

export const governanceModule = defineModule({
  name: 'governance',
  entities: [CoOpConstitution, CoOpClassRule, CoOpMember, BoardTerm, Motion, ElectionCandidate, MotionVoter, Ballot, BallotApproval],
  resolvers: [
    // The register, the secretary and the board.
    CoOpMemberResolver,
    ProviderRegisterResolver,
    ViewerCoOpMembershipsResolver,
    PersonCoOpMembershipsResolver,
    BoardTermResolver,
    ProviderBoardResolver,
    // Motions and votes.
    MotionsResolver,
    ProviderMotionsResolver,
    // The constitution and its check.
    ConstitutionResolver,
    ProviderConstitutionResolver,
  ],
  migrations: [MemberGovernance1771000000000],
  services: ({
    uow,
    audit,
    accountInvitations,
    outbox,
    curation,
    directory,
    people,
    scheduler,
  }: CoreServices & {
    audit: AuditService;
    accountInvitations: AccountInvitationsService;
    outbox: OutboxService;
    curation: DirectoryCurationService;
    directory: DirectoryService;
    people: PeopleService;
    scheduler: JobScheduler;
  }) => {
    const governanceReader = new GovernanceReader(uow);
    const memberFacts = new MemberFactsService(uow, curation);
    const coOpBoard = new BoardService(uow, governanceReader, audit);
    // Motions: opening, votes and receipts, and the job closing due motions (a read of a due result closes it too).
    const motionClosing = new MotionClosing(uow, audit, coOpBoard);
    scheduler.register(motionClosing);
    return {
      governanceReader,
      memberFacts,
      coOpBoard,
      coOpRegister: new RegisterService(
        uow,
        governanceReader,
        audit,
        people,
        accountInvitations,
        outbox,
        directory,
        coOpBoard,
        memberFacts,
      ),
      motions: new MotionsService(uow, governanceReader, audit),
      votes: new VotesService(uow, governanceReader, audit),
      /** The scheduler runs it; tests call `run()` or `close(id)`. */
      motionClosing,
      constitutions: new ConstitutionService(uow, governanceReader, audit, directory, memberFacts),
    };
  },
});
