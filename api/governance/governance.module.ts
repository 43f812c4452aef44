import { MemberGovernance1771000000000 } from '../../migrations/1771000000000-MemberGovernance.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryCurationService } from '../directory/curation.service.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { BoardTerm } from './board.entity.js';
import { BoardTermResolver, ProviderBoardResolver } from './board.resolver.js';
import { BoardService } from './board.service.js';
import { CoOpClassRule, CoOpConstitution } from './constitution.entity.js';
import { ConstitutionResolver, ProviderConstitutionResolver } from './constitution.resolver.js';
import { ConstitutionService } from './constitution.service.js';
import { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import { MemberFactsService } from './member-facts.service.js';
import { Ballot, BallotApproval, ElectionCandidate, Motion, MotionVoter } from './motion.entity.js';
import {
  CoOpMemberResolver,
  PersonCoOpMembershipsResolver,
  ProviderRegisterResolver,
  ViewerCoOpMembershipsResolver,
} from './register.resolver.js';
import { RegisterService } from './register.service.js';

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
    // The constitution and its check.
    ConstitutionResolver,
    ProviderConstitutionResolver,
  ],
  migrations: [MemberGovernance1771000000000],
  services: ({
    uow,
    audit,
    curation,
    directory,
    people,
  }: CoreServices & { audit: AuditService; curation: DirectoryCurationService; directory: DirectoryService; people: PeopleService }) => {
    const governanceReader = new GovernanceReader(uow);
    const memberFacts = new MemberFactsService(uow, curation);
    const coOpBoard = new BoardService(uow, governanceReader, audit);
    return {
      governanceReader,
      memberFacts,
      coOpBoard,
      coOpRegister: new RegisterService(uow, governanceReader, audit, people, directory, coOpBoard, memberFacts),
      constitutions: new ConstitutionService(uow, governanceReader, audit, directory, memberFacts),
    };
  },
});
