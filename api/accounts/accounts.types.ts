import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { ApiKeyScope, RepresentativeRight, Role, WidgetPurpose } from '../auth/auth.enums.js';
import { ApiKey } from './api-key.entity.js';

@ObjectType({ description: 'The signed-in account: who it is and what it may do. Other domains add fields (personalBudgets, carePlans).' })
export class Viewer {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  email: string;

  @Field(() => [Role])
  roles: Role[];
}

@ObjectType({ description: 'A signed-in session: a short-lived bearer token and the refresh token that renews it.' })
export class LoginResult {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' })
  token: string;

  @Field(() => GraphQLDateTime)
  expiresAt: Date;

  @Field(() => String, { description: 'Exchange with `refreshSession` for a new token; each is good once.' })
  refreshToken: string;

  @Field(() => GraphQLDateTime)
  refreshExpiresAt: Date;

  @Field(() => Viewer)
  viewer: Viewer;
}

@ObjectType({ description: 'A token for one widget, one person, one purpose and one web origin, good for at most 15 minutes.' })
export class WidgetSession {
  @Field(() => String, { description: 'Hand to the widget as its `session-token`; it works only from `origin`.' })
  token: string;

  @Field(() => GraphQLDateTime)
  expiresAt: Date;

  @Field(() => ID)
  personId: string;

  @Field(() => WidgetPurpose)
  purpose: WidgetPurpose;

  @Field(() => String)
  origin: string;
}

@InputType()
export class CreateWidgetSessionInput {
  @Field(() => ID)
  personId: string;

  @Field(() => WidgetPurpose)
  purpose: WidgetPurpose;

  @Field(() => String, { description: 'The web origin of the page that will host the widget; one of the key’s allowed origins.' })
  origin: string;

  @Field(() => Int, { nullable: true, description: 'Lifetime in minutes, 1 to 15 (default 15).' })
  minutes?: number | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for, e.g. "Age UK Kirklees booking page".' })
  name: string;

  @Field(() => String)
  organisationName: string;

  @Field(() => ID, { nullable: true, description: 'The issuing council; an officer of one council may leave it out.' })
  councilId?: string | null;

  @Field(() => [ApiKeyScope])
  scopes: ApiKeyScope[];

  @Field(() => [String], { description: 'Web origins (https://host[:port]) the key and its widget sessions may be used from.' })
  allowedOrigins: string[];
}

@ObjectType({ description: 'A new API key and its secret, which is shown this once and cannot be recovered.' })
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field(() => String, { description: 'Send as the `X-Api-Key` header. Store it now: coopcare keeps only its hash.' })
  secret: string;
}

@ObjectType()
export class ApiKeyEdge extends EdgeType(ApiKey) {}

@ObjectType()
export class ApiKeyConnection extends ConnectionType(ApiKeyEdge) {}

@InputType()
export class GrantRepresentativeRightsInput {
  @Field(() => ID, { nullable: true, description: 'The person being represented; yourself when left out.' })
  personId?: string | null;

  @Field(() => String)
  representativeEmail: string;

  @Field(() => String, { description: 'The name you know them by: shown on the invitation until they accept (their account is never looked up).' })
  representativeName: string;

  @Field(() => [RepresentativeRight])
  rights: RepresentativeRight[];

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}

@InputType()
export class RevokeRepresentativeRightsInput {
  @Field(() => ID, { nullable: true, description: 'The person represented; yourself when left out.' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The representative; or give representativeEmail. NOT_FOUND when they hold none of the rights named.' })
  representativeId?: string | null;

  @Field(() => String, { nullable: true, description: 'The email the invitation went to, pending or accepted (instead of representativeId).' })
  representativeEmail?: string | null;

  @Field(() => [RepresentativeRight], { nullable: true, description: 'Which rights; all of them when left out.' })
  rights?: RepresentativeRight[] | null;

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}

@InputType()
export class RecordCapacityAssessmentInput {
  @Field(() => ID)
  personId: string;

  @Field(() => Boolean)
  lacksCapacity: boolean;

  @Field(() => String, { description: 'The assessment reference and why; kept with the person, not in the audit log.' })
  reason: string;
}

@ObjectType({ description: 'A partner organisation whose pages may open coopcare widgets for people who consent to it.' })
export class WidgetPartner {
  @Field(() => ID, { description: 'The partner key’s id: what a consent names.' })
  id: string;

  @Field(() => String)
  organisationName: string;

  @Field(() => String, { description: 'What the partner uses it for.' })
  name: string;

  @Field(() => [String], { description: 'The web pages (origins) its widgets may appear on.' })
  allowedOrigins: string[];
}

@InputType()
export class GiveWidgetConsentInput {
  @Field(() => ID, { description: 'The partner (a WidgetPartner id).' })
  apiKeyId: string;

  @Field(() => ID, { nullable: true, description: 'The person consenting; yourself when left out.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}

@InputType()
export class RevokeWidgetConsentInput {
  @Field(() => ID)
  apiKeyId: string;

  @Field(() => ID, { nullable: true, description: 'Yourself when left out.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}
