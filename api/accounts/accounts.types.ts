import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { ApiKeyScope, RepresentativeRight, Role, WidgetPurpose } from '../auth/auth.enums.js';
import { ApiKey } from './api-key.entity.js';

@ObjectType({ description: 'The signed-in account: who it is and what it may do. Other domains add fields (personalBudgets, carePlans).' })
export class Viewer {
  @Field(() => ID, { description: 'Your person id.' })
  id: string;

  @Field(() => String, { description: 'Your name as coopcare knows it.' })
  name: string;

  @Field(() => String, { description: 'The email you sign in with, lower-cased; representative invitations to it reach you.' })
  email: string;

  @Field(() => [Role], { description: 'Every role you hold through your relationships (an account may hold several).' })
  roles: Role[];
}

@ObjectType({
  description:
    'The person a widget session was minted for, as the widget may see them. Other domains add what the purpose allows (personalBudgets).',
})
export class WidgetViewer {
  @Field(() => ID, { description: 'The person’s id.' })
  id: string;

  @Field(() => String, { description: 'The person’s name, so the widget can say whose budget or booking it shows.' })
  name: string;

  @Field(() => WidgetPurpose, { description: 'What the session may do.' })
  purpose: WidgetPurpose;

  @Field(() => GraphQLDateTime, {
    description: 'When the session’s token stops working; the page should mint a new one before then to keep the person’s place.',
  })
  expiresAt: Date;
}

@ObjectType({ description: 'A signed-in session: a short-lived bearer token and the refresh token that renews it.' })
export class LoginResult {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`.' })
  token: string;

  @Field(() => GraphQLDateTime, { description: 'When `token` stops working (30 minutes after it was issued): refresh before then.' })
  expiresAt: Date;

  @Field(() => String, { description: 'Exchange with `refreshSession` for a new token; each is good once.' })
  refreshToken: string;

  @Field(() => GraphQLDateTime, {
    description: 'When `refreshToken` stops working (30 days after sign-in; refreshing does not extend it); after that, sign in again.',
  })
  refreshExpiresAt: Date;

  @Field(() => Viewer, { description: 'Who signed in.' })
  viewer: Viewer;
}

@ObjectType({ description: 'A token for one widget, one person, one purpose and one web origin, good for at most 15 minutes.' })
export class WidgetSession {
  @Field(() => String, { description: 'Hand to the widget as its `session-token`; it works only from `origin`.' })
  token: string;

  @Field(() => GraphQLDateTime, { description: 'When the token stops working: at most 15 minutes after it was minted.' })
  expiresAt: Date;

  @Field(() => ID, { description: 'The person the widget acts for.' })
  personId: string;

  @Field(() => WidgetPurpose, { description: 'The one thing the token may be used for.' })
  purpose: WidgetPurpose;

  @Field(() => String, { description: 'The only web origin the token is accepted from.' })
  origin: string;
}

@InputType({ description: 'What `createWidgetSession` needs: who the widget acts for, for what, and on which page.' })
export class CreateWidgetSessionInput {
  @Field(() => ID, {
    description:
      'The person the widget will act for: one of the key’s council’s people who has consented to this partner (`giveWidgetConsent`).',
  })
  personId: string;

  @Field(() => WidgetPurpose, { description: 'What the widget is for.' })
  purpose: WidgetPurpose;

  @Field(() => String, { description: 'The web origin of the page that will host the widget; one of the key’s allowed origins.' })
  origin: string;

  @Field(() => Int, { nullable: true, description: 'Lifetime in minutes, 1 to 15 (default 15).' })
  minutes?: number | null;
}

@InputType({ description: 'What `createApiKey` needs: who the key is for, what it may do and the web origins it may be used from.' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'What the key is for, e.g. "Age UK Kirklees booking page".' })
  name: string;

  @Field(() => String, {
    description: 'The partner organisation the key is for, 1 to 200 characters, e.g. "Carers Count"; people see it when they consent.',
  })
  organisationName: string;

  @Field(() => ID, { nullable: true, description: 'The issuing council; an officer of one council may leave it out.' })
  councilId?: string | null;

  @Field(() => [ApiKeyScope], { description: 'What the key may do; at least one.' })
  scopes: ApiKeyScope[];

  @Field(() => [String], { description: 'Web origins (https://host[:port]) the key and its widget sessions may be used from.' })
  allowedOrigins: string[];
}

@ObjectType({ description: 'A new API key and its secret, which is shown this once and cannot be recovered.' })
export class CreatedApiKey {
  @Field(() => ApiKey, { description: 'The key as listed from now on, without its secret.' })
  apiKey: ApiKey;

  @Field(() => String, { description: 'Send as the `X-Api-Key` header. Store it now: coopcare keeps only its hash.' })
  secret: string;
}

@ObjectType({ description: 'One partner API key in a list.' })
export class ApiKeyEdge extends EdgeType(ApiKey) {}

@ObjectType({ description: 'A page of partner API keys, newest first.' })
export class ApiKeyConnection extends ConnectionType(ApiKeyEdge) {}

@InputType({ description: 'Whom to invite as a representative, by email, and which rights they will hold once they accept.' })
export class GrantRepresentativeRightsInput {
  @Field(() => ID, { nullable: true, description: 'The person being represented; yourself when left out.' })
  personId?: string | null;

  @Field(() => String, { description: 'Where the invitation goes; the rights take effect when someone signed in with this email accepts.' })
  representativeEmail: string;

  @Field(() => String, {
    description: 'The name you know them by: shown on the invitation until they accept (their account is never looked up).',
  })
  representativeName: string;

  @Field(() => [RepresentativeRight], { description: 'The rights to give; at least one.' })
  rights: RepresentativeRight[];

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}

@InputType({ description: 'Which representative (by id, or by the email a pending invitation went to) loses which rights.' })
export class RevokeRepresentativeRightsInput {
  @Field(() => ID, { nullable: true, description: 'The person represented; yourself when left out.' })
  personId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The representative; or give representativeEmail. NOT_FOUND when they hold none of the rights named.',
  })
  representativeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The email the invitation went to, pending or accepted (instead of representativeId).',
  })
  representativeEmail?: string | null;

  @Field(() => [RepresentativeRight], { nullable: true, description: 'Which rights; all of them when left out.' })
  rights?: RepresentativeRight[] | null;

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}

@InputType({ description: 'The outcome of a mental capacity assessment, recorded by an officer of the person’s council.' })
export class RecordCapacityAssessmentInput {
  @Field(() => ID, { description: 'A person of your council.' })
  personId: string;

  @Field(() => Boolean, {
    description:
      'True when the assessment found the person lacks capacity (Mental Capacity Act 2005): once another officer of their ' +
      'council confirms it, officers of the council may manage their representatives and consents.',
  })
  lacksCapacity: boolean;

  @Field(() => String, {
    description: 'The assessment reference and why (up to 2000 characters); kept with the decision, never in the audit trail.',
  })
  reason: string;
}

@ObjectType({ description: 'A partner organisation whose pages may open coopcare widgets for people who consent to it.' })
export class WidgetPartner {
  @Field(() => ID, { description: 'The partner key’s id: what a consent names.' })
  id: string;

  @Field(() => String, { description: 'The partner organisation, e.g. "Carers Count".' })
  organisationName: string;

  @Field(() => String, { description: 'What the partner uses it for.' })
  name: string;

  @Field(() => [String], { description: 'The web pages (origins) its widgets may appear on.' })
  allowedOrigins: string[];
}

@InputType({ description: 'Which partner the person lets open coopcare widgets for them.' })
export class GiveWidgetConsentInput {
  @Field(() => ID, { description: 'The partner (a WidgetPartner id).' })
  apiKeyId: string;

  @Field(() => ID, { nullable: true, description: 'The person consenting; yourself when left out.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}

@InputType({ description: 'Which partner’s consent to withdraw, and for whom.' })
export class RevokeWidgetConsentInput {
  @Field(() => ID, { description: 'The partner whose consent to withdraw (a WidgetPartner id).' })
  apiKeyId: string;

  @Field(() => ID, { nullable: true, description: 'Yourself when left out.' })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when an officer acts for a person who lacks capacity.' })
  reason?: string | null;
}
