import { CarePlans1767000000000 } from '../../migrations/1767000000000-CarePlans.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { CarePlan, CarePlanItemRow, CarePlanVersionRow } from './care-plan.entity.js';
import { CarePlanAccess } from './care-plan-access.js';
import { CircleMemberRow, CommentRow, GoalReviewRow, ProposalRow, SignatureRow } from './care-plan-records.entity.js';

export const carePlansModule = defineModule({
  name: 'careplans',
  entities: [CarePlan, CarePlanVersionRow, CarePlanItemRow, CircleMemberRow, GoalReviewRow, ProposalRow, SignatureRow, CommentRow],
  resolvers: [],
  migrations: [CarePlans1767000000000],
  services: ({ uow }: CoreServices) => ({
    carePlanAccess: new CarePlanAccess(uow),
  }),
});
