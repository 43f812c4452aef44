import type { AgreementSide, CarePlanRole, CarePlanStatus, CircleMemberKind, CircleMemberStatus } from './careplans.enums.js';
import type { AboutMeContent, GoalContent, GoalScores, RiskContent, SupportContent } from './care-plan-content.js';

/** A person's own 1–10 ratings of one goal on one day. */
export interface GoalRatingFacts extends GoalScores {
  /** YYYY-MM-DD, UK local date. */
  ratedOn: string;
}

/**
 * One version of a plan, whole and plain: what the FHIR export and the printed page render, so neither
 * reads the database nor decides who may see what (the routers authorize, then build one of these).
 */
export interface CarePlanDocument {
  id: string;
  version: number;
  /** This version's own: AGREED when both sides signed it, even after later versions were made. */
  status: CarePlanStatus;
  /** The newest version both sides signed; null if none. */
  agreedVersion: number | null;
  createdAt: Date;
  /** When this version was made. */
  versionCreatedAt: Date;
  /** YYYY-MM-DD, UK local date; null if none set. */
  reviewDate: string | null;
  person: { id: string; name: string };
  leadCoordinator: { personId: string; name: string } | null;
  /** Active members only: the person, their representatives, then those who accepted an invitation. */
  circle: { personId: string; name: string; role: CarePlanRole; kind: CircleMemberKind; status: CircleMemberStatus }[];
  aboutMe: AboutMeContent[];
  goals: (GoalContent & {
    id: string;
    baseline: GoalRatingFacts | null;
    latest: GoalRatingFacts | null;
    change: (GoalScores & { isMeaningful: boolean }) | null;
  })[];
  supports: (SupportContent & { id: string; serviceName: string | null; providerName: string | null })[];
  risks: (RiskContent & { id: string })[];
  /** Signatures of this version. */
  signatures: { side: AgreementSide; signerName: string; signedAt: Date }[];
}
