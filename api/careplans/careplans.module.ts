import type { AccountInvitationsService } from '../accounts/account-invitations.service.js';
import { CarePlans1767000000000 } from '../../migrations/1767000000000-CarePlans.js';
import { CarePlanHistoryGuards1767000100000 } from '../../migrations/1767000100000-CarePlanHistoryGuards.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { BrokerageReader } from '../brokerage/brokerage.reader.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { CarePlanMessages } from './care-plan-messages.js';
import { CarePlan, CarePlanItemRow, CarePlanVersionRow } from './care-plan.entity.js';
import { CarePlanAccess } from './care-plan-access.js';
import { CarePlanDocuments } from './care-plan-documents.js';
import { SupportLinks } from './support-links.js';
import type { TimeBanksReader } from '../timebank/time-banks.reader.js';
import { CircleMemberRow, CommentRow, GoalReviewRow, ProposalRow, SignatureRow } from './care-plan-records.entity.js';
import {
  CarePlanSignatureResolver,
  CarePlanSupportResolver,
  CarePlanVersionResolver,
  CircleMemberResolver,
  GoalRatingResolver,
  GoalResolver,
} from './care-plan-items.resolver.js';
import { CarePlanResolver } from './care-plan.resolver.js';
import { CarePlanReadResolver, CarePlanReadsResolver, VisitCarePlanResolver } from './care-plan-reads.resolver.js';
import { CarePlansResolver, CarePlansViewerResolver } from './care-plans.resolver.js';
import { CarePlansService } from './care-plans.service.js';
import { CircleResolver, CircleViewerResolver } from './circle.resolver.js';
import { CircleService } from './circle.service.js';
import { GoalReviewsService } from './goal-reviews.service.js';
import { AgreementsService } from './agreements.service.js';
import {
  CarePlanCoDesignResolver,
  CarePlanCommentResolver,
  CarePlanProposalResolver,
  CoDesignResolver,
  GoalCommentsResolver,
} from './co-design.resolver.js';
import { CommentsService } from './comments.service.js';
import { ProposalsService } from './proposals.service.js';

export const carePlansModule = defineModule({
  name: 'careplans',
  entities: [CarePlan, CarePlanVersionRow, CarePlanItemRow, CircleMemberRow, GoalReviewRow, ProposalRow, SignatureRow, CommentRow],
  resolvers: [
    CarePlansResolver,
    CarePlansViewerResolver,
    CarePlanResolver,
    GoalResolver,
    GoalRatingResolver,
    CarePlanSupportResolver,
    CarePlanVersionResolver,
    CarePlanSignatureResolver,
    CircleMemberResolver,
    CircleResolver,
    CircleViewerResolver,
    CoDesignResolver,
    CarePlanCoDesignResolver,
    GoalCommentsResolver,
    CarePlanProposalResolver,
    CarePlanCommentResolver,
    CarePlanReadsResolver,
    CarePlanReadResolver,
    VisitCarePlanResolver,
  ],
  migrations: [CarePlans1767000000000, CarePlanHistoryGuards1767000100000],
  services: ({
    uow,
    audit,
    people,
    representatives,
    brokerageReader,
    directory,
    accountInvitations,
    outbox,
    timeBanksReader,
  }: CoreServices & {
    audit: AuditService;
    people: PeopleService;
    representatives: RepresentativesService;
    brokerageReader: BrokerageReader;
    directory: DirectoryService;
    accountInvitations: AccountInvitationsService;
    outbox: OutboxService;
    timeBanksReader: TimeBanksReader;
  }) => {
    const messages = new CarePlanMessages(outbox, people, representatives);
    const carePlanAccess = new CarePlanAccess(uow);
    const documents = new CarePlanDocuments(uow, audit, carePlanAccess, people, representatives, directory);
    const links = new SupportLinks(brokerageReader, directory, timeBanksReader);
    return {
      carePlanAccess,
      supportLinks: links,
      carePlans: new CarePlansService(uow, audit, people, brokerageReader, links, carePlanAccess, documents),
      circle: new CircleService(uow, audit, people, representatives, carePlanAccess, accountInvitations, outbox.links),
      goalReviews: new GoalReviewsService(uow, audit, carePlanAccess),
      proposals: new ProposalsService(uow, audit, carePlanAccess, links, messages),
      agreements: new AgreementsService(uow, audit, carePlanAccess, messages),
      comments: new CommentsService(uow, audit, carePlanAccess),
    };
  },
});
