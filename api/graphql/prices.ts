/**
 * What each field costs beyond the size of its answer, in the units of MAX_QUERY_COMPLEXITY: one field
 * value of one item costs 1. Every root field and every field with a resolver of its own is listed
 * (test/query-cost.test.ts fails on a new one that is not), priced by the SQL it causes:
 * - `call`: paid each time the resolver runs, so once per item when the field sits in a list;
 * - `batch`: a dataloader's field, paid once per place it appears in the query, because the loader
 *   fetches every item's rows of that place in one statement.
 */
export interface Price {
  per: 'call' | 'batch';
  cost: number;
  /** Added per word of the call's `filter.text`. */
  perTextWord?: number;
}

/** One indexed statement (a lookup by key, a short list, a loader's batch). */
const STATEMENT = 100;
/** A directory search: full-text and distance matching over every listing, and the count of matches, whatever `first` is. */
const SEARCH = 4_000;
/**
 * Each word of a search's text: one the index does not know is corrected against every word it does,
 * and each corrected word widens the search, so 12 misspelt words (the most a search takes) cost as
 * much again as the search.
 */
const TEXT_WORD = 500;
/** A write: its transaction's reads and writes and the audit row. */
const WRITE = 1_000;
/** Hashing a password with argon2id, which is slow on purpose. */
const PASSWORD = 10_000;
/**
 * The whole schema, answered from memory but as long to serialise as a search (graphql-js's
 * MaxIntrospectionDepthRule and limits.ts bound how much of it one query gets); a client needs it once.
 */
const INTROSPECTION = SEARCH;

const call = (cost: number): Price => ({ per: 'call', cost });
const search: Price = { ...call(SEARCH), perTextWord: TEXT_WORD };
const batch: Price = { per: 'batch', cost: STATEMENT };

export const PRICES: Readonly<Record<string, Price>> = {
  'Query.__schema': call(INTROSPECTION),
  'Query.__type': call(STATEMENT),
  'Query.providers': search,
  'Query.services': search,
  'Query.provider': call(STATEMENT),
  'Query.service': call(STATEMENT),
  'Query.serviceCategories': call(STATEMENT),
  'Query.careNeeds': call(STATEMENT),
  'Query.consortia': call(STATEMENT),
  'Query.councils': call(STATEMENT),
  'Query.geocode': call(STATEMENT),
  'Query.me': call(STATEMENT),
  'Query.widgetViewer': call(STATEMENT),
  'Query.widgetPartners': call(2 * STATEMENT),
  // A page and its count.
  'Query.apiKeys': call(2 * STATEMENT),
  'Query.auditEvents': call(2 * STATEMENT),
  'Query.capacityAssessmentsAwaitingConfirmation': call(2 * STATEMENT),

  'Mutation.login': call(PASSWORD),
  'Mutation.refreshSession': call(WRITE),
  'Mutation.logout': call(WRITE),
  'Mutation.acceptAccountInvitation': call(PASSWORD),
  'Mutation.resetPassword': call(PASSWORD),
  'Mutation.requestPasswordReset': call(WRITE),
  'Mutation.requestEmailChange': call(PASSWORD),
  'Mutation.confirmEmailChange': call(WRITE),
  'Mutation.inviteStaffMember': call(WRITE),
  'Mutation.updateProvider': call(WRITE),
  'Mutation.upsertService': call(WRITE),
  'Mutation.publishProvider': call(WRITE),
  'Mutation.suspendProvider': call(WRITE),
  'Mutation.grantRepresentativeRights': call(WRITE),
  'Mutation.revokeRepresentativeRights': call(WRITE),
  'Mutation.acceptRepresentativeInvitation': call(WRITE),
  'Mutation.declineRepresentativeInvitation': call(WRITE),
  'Mutation.giveWidgetConsent': call(WRITE),
  'Mutation.revokeWidgetConsent': call(WRITE),
  'Mutation.recordCapacityAssessment': call(WRITE),
  'Mutation.confirmCapacityAssessment': call(WRITE),
  'Mutation.createApiKey': call(WRITE),
  'Mutation.revokeApiKey': call(WRITE),
  'Mutation.createWidgetSession': call(WRITE),
  'Mutation.requestBooking': call(WRITE),

  'Provider.consortium': batch,
  'Provider.parent': batch,
  'Provider.offspring': batch,
  'Provider.services': batch,
  'Provider.locations': batch,
  'Provider.serviceAreas': batch,
  'Provider.memberClasses': batch,
  'Provider.boardSeats': batch,
  // Two loaders: which councils each provider serves (whether an officer may read the reasons), then the changes.
  'Provider.statusChanges': { per: 'batch', cost: 2 * STATEMENT },
  'Service.provider': batch,
  'Query.booking': call(2 * STATEMENT),
  // The service, the postcode, the coverage and the balance.
  'Query.quote': call(5 * STATEMENT),
  // The council check, one grouped scan of the council's ledger lines and visits, and two directory lookups.
  'Query.spendReport': call(4 * STATEMENT + SEARCH),
  'SpendByCategory.category': batch,
  'SpendByProvider.provider': batch,
  'Booking.visits': batch,
  'Booking.budget': batch,
  'Booking.service': batch,
  'Booking.provider': batch,
  'Booking.person': batch,
  'Booking.preferredWorkers': batch,
  // Who may read them: the booking's budget, through its loader.
  'Booking.notes': batch,
  'Booking.declineReason': batch,
  'BookingVisit.worker': batch,
  // A page of a provider's bookings and its count.
  'Query.providerBookings': call(2 * STATEMENT),
  'Mutation.confirmBooking': call(WRITE),
  'Mutation.declineBooking': call(WRITE),
  'Mutation.assignWorker': call(WRITE),
  'Mutation.recordVisitDelivered': call(WRITE),
  'Mutation.issueInvoice': call(WRITE),
  'Booking.distinctWorkersLast28Days': batch,
  'Booking.invoices': batch,
  'Invoice.visits': batch,
  'Invoice.booking': batch,
  // Each through the visit's booking, then its service, person or budget: two loaders.
  'BookingVisit.service': { per: 'batch', cost: 2 * STATEMENT },
  'BookingVisit.personName': { per: 'batch', cost: 2 * STATEMENT },
  'BookingVisit.carePostcode': { per: 'batch', cost: 2 * STATEMENT },
  // Who may read them: the visit's booking (and for a cancellation's reason, its budget) through loaders.
  'BookingVisit.note': batch,
  'BookingVisit.cancellationReason': { per: 'batch', cost: 2 * STATEMENT },
  // The signed-in worker's visits: a page and its count.
  'Viewer.visits': call(2 * STATEMENT),
  'Mutation.cancelBooking': call(WRITE),
  'Mutation.createCalendarLink': call(WRITE),
  'Mutation.revokeCalendarLink': call(WRITE),
  // The signed-in person's own links, one statement; `me` is never in a list.
  'Viewer.calendarLinks': call(STATEMENT),
  'Service.category': batch,
  'Service.areasServed': batch,
  'Service.ownAreas': batch,
  'Service.openingTimes': batch,
  // The care needs are one short list, read once and kept (CareNeeds): at most one statement for a whole page.
  'Service.supports': batch,
  'ServiceCategory.parent': batch,
  'Consortium.members': batch,
  'RepresentativeGrant.person': batch,
  'RepresentativeGrant.representative': batch,
  // Whether the reader may see the reasons: the represented person, through a loader.
  'RepresentativeGrant.grantReason': batch,
  'RepresentativeGrant.revokeReason': batch,
  'CapacityAssessment.person': batch,
  // Whether the reader may read the reasons is known from the person itself, so one loader.
  'Person.capacityAssessments': batch,
  // The signed-in person's own lists, one statement each; `me` is never in a list.
  'Viewer.staffOf': call(STATEMENT),
  'Viewer.representing': call(STATEMENT),
  'Viewer.representatives': call(STATEMENT),
  'Viewer.representativeInvitations': call(STATEMENT),
  'Viewer.widgetConsents': call(STATEMENT),
  // Not batched: one lookup per consent.
  'WidgetConsent.partner': call(STATEMENT),

  // Budgets: the budget read, then its fields batched; the balances are one view read for a page of budgets.
  'Query.personalBudget': call(STATEMENT),
  // The postcode, the provider, the person, the budget, its ledger line and two audit rows.
  'Mutation.allocatePersonalBudget': call(WRITE),
  'Mutation.openSelfFundedBudget': call(WRITE),
  'Mutation.recordDirectPayment': call(WRITE),
  'Mutation.topUpPersonalBudget': call(WRITE),
  'PersonalBudget.person': batch,
  'PersonalBudget.council': batch,
  'PersonalBudget.heldBy': batch,
  'PersonalBudget.agreedOutcomes': call(0),
  'PersonalBudget.allocatedPence': batch,
  'PersonalBudget.paidInPence': batch,
  'PersonalBudget.committedPence': batch,
  'PersonalBudget.spentPence': batch,
  'PersonalBudget.availablePence': batch,
  // A page and its count, per budget.
  'PersonalBudget.ledger': call(2 * STATEMENT),
  'PersonalBudget.bookings': call(2 * STATEMENT),
  'PersonalBudget.upcomingVisits': call(2 * STATEMENT),
  'Viewer.personalBudgets': call(STATEMENT),
  'WidgetViewer.personalBudgets': call(STATEMENT),
  'LedgerEntry.entryNumber': call(0),

  // Messages: the signed-in person's own choices, one statement.
  'Viewer.messageChoices': call(STATEMENT),
  'Mutation.setMessageChoice': call(WRITE),

  // Care plans: reading one is the access check (batched) and the read's audit row.
  'Query.carePlan': call(2 * STATEMENT),
  'Query.carePlansOverdueForReview': call(2 * STATEMENT + WRITE),
  'Viewer.carePlans': call(2 * STATEMENT + WRITE),
  'Viewer.circleInvitations': call(2 * STATEMENT),
  'Mutation.createCarePlan': call(WRITE),
  'Mutation.setCarePlanReviewDate': call(WRITE),
  'Mutation.recordGoalReview': call(WRITE),
  'Mutation.inviteToCircle': call(WRITE),
  'Mutation.acceptCircleInvitation': call(WRITE),
  'Mutation.declineCircleInvitation': call(WRITE),
  'Mutation.removeFromCircle': call(WRITE),
  'Mutation.changeCircleRole': call(WRITE),
  'Mutation.setLeadCoordinator': call(WRITE),
  'CarePlan.version': call(0),
  'CarePlan.status': batch,
  'CarePlan.agreedVersion': batch,
  'CarePlan.person': batch,
  // The access, the representatives, the rows and their names: four batches.
  'CarePlan.circle': { per: 'batch', cost: 4 * STATEMENT },
  'CarePlan.leadCoordinator': { per: 'batch', cost: 4 * STATEMENT },
  'CarePlan.consent': call(0),
  'CarePlan.myRole': batch,
  'CarePlan.aboutMe': batch,
  'CarePlan.goals': batch,
  'CarePlan.supports': batch,
  'CarePlan.risks': batch,
  'CarePlan.isReviewOverdue': call(0),
  'CarePlan.versions': batch,
  'CarePlan.atVersion': batch,
  // The viewer's role, then the reads in the audit trail: a page and its count.
  'CarePlan.reads': call(3 * STATEMENT),
  'CarePlanRead.reader': batch,
  // The visit's booking, the supports linking it, the viewer's place in the plan; the audit row once per plan.
  'BookingVisit.carePlanSupports': { per: 'batch', cost: 3 * STATEMENT + WRITE },
  'Goal.importance': batch,
  'Goal.baseline': batch,
  'Goal.latest': batch,
  'Goal.change': batch,
  'Goal.reviews': batch,
  'GoalRating.recordedBy': batch,
  'CarePlanSupport.service': batch,
  'CarePlanSupport.booking': { per: 'batch', cost: 2 * STATEMENT },
  'CarePlanSupport.goals': batch,
  'CarePlanVersion.createdBy': batch,
  'CarePlanVersion.aboutMe': batch,
  'CarePlanVersion.goals': batch,
  'CarePlanVersion.supports': batch,
  'CarePlanVersion.risks': batch,
  'CarePlanVersion.signatures': batch,
  'CarePlanVersion.isAgreed': batch,
  'CarePlanSignature.signedBy': batch,
  'CircleMember.person': batch,
  // Co-design: each write locks the plan, reads a version's items, writes and audits.
  'Mutation.proposeCarePlanChange': call(WRITE),
  'Mutation.acceptProposal': call(WRITE),
  'Mutation.rejectProposal': call(WRITE),
  'Mutation.withdrawProposal': call(WRITE),
  'Mutation.agreeCarePlan': call(WRITE),
  'Mutation.commentOnCarePlan': call(WRITE),
  // A page and its count for every plan (or goal) of the request asking for the same page: one statement.
  'CarePlan.proposals': batch,
  'CarePlan.comments': batch,
  // The access check (batched, shared with the plan's other fields), then the page.
  'Goal.comments': { per: 'batch', cost: 2 * STATEMENT },
  'CarePlanProposal.proposedBy': batch,
  'CarePlanProposal.decidedBy': batch,
  'CarePlanProposal.changes': call(0),
  'CarePlanProposal.isStale': call(0),
  // The current items of every plan on the page, through the store's loader.
  'CarePlanProposal.conflicts': batch,
  'CarePlanComment.author': batch,

  // Crisis alerts: a read is the alert or the person, then the rows; a raise also finds the visiting providers,
  // the contacts and the coordinators, and writes the messages in one statement.
  'Query.emergencyContacts': call(2 * STATEMENT),
  'Query.crisisAlert': call(STATEMENT),
  'Query.crisisAlerts': call(STATEMENT),
  'Mutation.setEmergencyContacts': call(WRITE),
  'Mutation.setCouncilDutyContact': call(WRITE),
  'Mutation.raiseCrisisAlert': call(WRITE),
  'Mutation.acknowledgeCrisisAlert': call(WRITE),
  // Reading the kind or note writes its audit row, a request's alerts in one statement.
  'CrisisAlert.kind': batch,
  'CrisisAlert.note': batch,
  'CrisisAlert.person': batch,
  'CrisisAlert.raisedBy': batch,
  'CrisisAlert.acknowledgedBy': batch,
  'CrisisAlert.open': call(0),

  // Time bank, the ledger: each write locks the accounts, reads their balances, appends the lines and audits.
  'Mutation.recordExchange': call(WRITE),
  'Mutation.confirmExchange': call(WRITE),
  'Mutation.rejectExchange': call(WRITE),
  'Mutation.giveTimeCredit': call(WRITE),
  'Mutation.giveToCommunityPool': call(WRITE),
  'Mutation.drawFromCommunityPool': call(WRITE),
  // Balances are one view read for every member of the request; a page and its count per member or time bank.
  'TimeBankMember.balance': batch,
  'TimeBankMember.statement': call(2 * STATEMENT),
  'TimeBankMember.exchanges': call(2 * STATEMENT),
  'TimeBank.poolBalanceMinutes': batch,
  'TimeBank.exchanges': call(2 * STATEMENT),
  // A name is the members' batch, then their people's.
  'Exchange.helperName': { per: 'batch', cost: 2 * STATEMENT },
  'Exchange.receiverName': { per: 'batch', cost: 2 * STATEMENT },
  'Exchange.note': batch,
  'Exchange.helper': batch,
  'Exchange.receiver': batch,
  'Exchange.timeBank': batch,
  'TimeTransfer.fromName': { per: 'batch', cost: 2 * STATEMENT },
  'TimeTransfer.toName': { per: 'batch', cost: 2 * STATEMENT },
  'TimeLedgerEntry.exchange': batch,
  'TimeLedgerEntry.transfer': batch,
  'TimeLedgerEntry.otherMemberName': { per: 'batch', cost: 3 * STATEMENT },
  // Time bank, expenses: a claim list is a page and its count per member or co-op; a claim's volunteer is two
  // loaders (member, person) for the page; its flag and receipt's address cost nothing.
  'Mutation.claimExpense': call(WRITE),
  'Mutation.approveExpenseClaim': call(WRITE),
  'Mutation.rejectExpenseClaim': call(WRITE),
  'Mutation.markExpenseClaimPaid': call(WRITE),
  'TimeBankMember.expenseClaims': call(2 * STATEMENT),
  'TimeBank.expenseClaims': call(2 * STATEMENT),
  'TimeBank.expenseClaimsWaitingTooLong': call(STATEMENT),
  'ExpenseClaim.volunteerName': { per: 'batch', cost: 2 * STATEMENT },
  'ExpenseClaim.member': batch,
  'ExpenseClaim.waitingTooLong': call(0),
  'ExpenseClaim.receiptUrl': call(0),
  // Time bank, record: a volunteer's record is the time bank's rows in one statement, plus the volunteer's
  // name, the co-op's name and the categories' names from their own domains, for every member asked at once.
  'TimeBankMember.volunteerRecord': { per: 'batch', cost: 4 * STATEMENT },
  'TimeBankMember.volunteerRecordLinks': batch,
  'VolunteerTraining.isCurrent': call(0),
  'Mutation.recordVolunteerTraining': call(WRITE),
  'Mutation.recordVolunteerReference': call(WRITE),
  'Mutation.shareVolunteerRecord': call(WRITE),
  'Mutation.revokeVolunteerRecordLink': call(WRITE),
  // Every co-op's picture in one statement of indexed aggregates per window; hiding its expenses from the public costs nothing.
  'Provider.timeBank': batch,
  'TimeBank.picture': { per: 'batch', cost: 3 * STATEMENT },
  // Time bank, members: a write locks its row, checks and audits; a list is a page and its count; per-row fields are loaders.
  'Query.timeBank': call(STATEMENT),
  'Query.timeBankCategories': call(STATEMENT),
  'Query.timeBankMember': call(STATEMENT),
  'Mutation.openTimeBank': call(WRITE),
  'Mutation.updateTimeBankRules': call(WRITE),
  'Mutation.joinTimeBank': call(WRITE),
  'Mutation.approveTimeBankMember': call(WRITE),
  'Mutation.refuseTimeBankMember': call(WRITE),
  'Mutation.leaveTimeBank': call(WRITE),
  'Mutation.recordBackgroundCheck': call(WRITE),
  'Mutation.offerHelp': call(WRITE),
  'Mutation.withdrawHelpOffer': call(WRITE),
  'Mutation.requestHelp': call(WRITE),
  'Mutation.cancelHelpRequest': call(WRITE),
  'Mutation.acceptHelper': call(WRITE),
  'TimeBank.bankHolidayRegion': call(0),
  'TimeBank.myMembership': call(STATEMENT),
  'TimeBank.members': call(2 * STATEMENT),
  'TimeBank.openRequests': call(2 * STATEMENT),
  'TimeBankMember.name': batch,
  'Person.timeBankMemberships': batch,
  'TimeBankMember.refusalReason': call(0),
  'TimeBankMember.backgroundChecks': batch,
  'TimeBankMember.hasBackgroundCheckInDate': batch,
  'TimeBankMember.offers': batch,
  'TimeBankMember.requests': batch,
  'TimeBankMember.helpingWith': { per: 'batch', cost: 3 * STATEMENT },
  'Viewer.timeBankMemberships': call(STATEMENT),
  'HelpOffer.area': call(0),
  'HelpOffer.helperMemberId': call(0),
  // The membership, then the person.
  'HelpOffer.helperName': { per: 'batch', cost: 2 * STATEMENT },
  'HelpRequest.area': call(0),
  // Whose request it is and who helps: the members' loader, shared by the request's other fields.
  'HelpRequest.postcode': batch,
  'HelpRequest.memberId': batch,
  'HelpRequest.memberName': { per: 'batch', cost: 2 * STATEMENT },
  'HelpRequest.aloneAtHome': batch,
  'HelpRequest.helperMemberId': batch,
  // One distance-indexed statement for every request of the page, though each request's search is its own.
  'HelpRequest.matches': { per: 'batch', cost: 3 * STATEMENT },
  'HelpMatch.helperName': batch,
  'CarePlanSupport.timeBank': batch,
  // Governance: the register, the secretary and the board.
  'Mutation.admitMember': call(WRITE),
  'Mutation.recordMemberLeaving': call(WRITE),
  'Mutation.appointSecretary': call(WRITE),
  'Mutation.recordBoardTerm': call(WRITE),
  'Mutation.endBoardTerm': call(WRITE),
  // Where the caller stands, the count, and the page.
  'Provider.memberRegister': call(3 * STATEMENT),
  // Where the caller stands (one statement per co-op), then the terms in force.
  'Provider.board': { per: 'call', cost: 2 * STATEMENT },
  'Viewer.coOpMemberships': call(STATEMENT),
  'Person.coOpMemberships': batch,
  'CoOpMember.provider': batch,
  'CoOpMember.name': batch,
  // The secretary's loader, for a caller who is not the member nor a coordinator.
  'CoOpMember.sharePence': batch,
  'CoOpMember.boardTerms': batch,
  'BoardTerm.member': batch,
  // The constitution. The templates are data in memory; the check reads the co-op, then its rules, register and board at once.
  'Query.constitutionTemplates': call(0),
  'Query.constitutionCheck': call(2 * STATEMENT),
  'Mutation.setConstitution': call(WRITE),
  'Provider.constitution': batch,
  // Motions and votes: a write validates, locks and audits; a list is a page and its count after the standing read; a
  // motion's fields are loaders for the page, or read from its row (the electorate, a closed result). Reading a due result
  // closes the motion there and then, but the job closes due motions within a minute, so that write is rare.
  'Mutation.openMotion': call(WRITE),
  'Mutation.castVote': call(WRITE),
  'Query.motion': call(2 * STATEMENT),
  'Query.ballotReceipt': call(STATEMENT),
  'Provider.motions': call(3 * STATEMENT),
  'Motion.status': call(0),
  'Motion.electorate': call(0),
  'Motion.ballotsCast': batch,
  'Motion.candidates': { per: 'batch', cost: 2 * STATEMENT },
  'Motion.result': call(0),
  'Motion.myVotes': { per: 'batch', cost: 3 * STATEMENT },
  'Motion.recordedVotes': { per: 'batch', cost: 2 * STATEMENT },
};
