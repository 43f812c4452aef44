import { MemberGovernance1771000000000 } from '../../migrations/1771000000000-MemberGovernance.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { BoardTerm } from './board.entity.js';
import { CoOpClassRule, CoOpConstitution } from './constitution.entity.js';
import { ConstitutionResolver, ProviderConstitutionResolver } from './constitution.resolver.js';
import { ConstitutionService } from './constitution.service.js';
import { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import { Ballot, BallotApproval, ElectionCandidate, Motion, MotionVoter } from './motion.entity.js';

export const governanceModule = defineModule({
  name: 'governance',
  entities: [CoOpConstitution, CoOpClassRule, CoOpMember, BoardTerm, Motion, ElectionCandidate, MotionVoter, Ballot, BallotApproval],
  resolvers: [ConstitutionResolver, ProviderConstitutionResolver],
  migrations: [MemberGovernance1771000000000],
  services: ({ uow, audit, directory }: CoreServices & { audit: AuditService; directory: DirectoryService }) => {
    const governanceReader = new GovernanceReader(uow);
    // Until the register's MemberFactsService (part A) is merged, the directory's member facts are not refreshed here.
    const memberFacts = { refresh: async (_providerId: string) => {} };
    return {
      governanceReader,
      constitutions: new ConstitutionService(uow, governanceReader, audit, directory, memberFacts),
    };
  },
});
