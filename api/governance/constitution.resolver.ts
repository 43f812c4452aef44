import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { Provider } from '../directory/provider.entity.js';
import { ID } from '../graphql/scalars.js';
import { constitutionByProviderId } from './constitution.loaders.js';
import {
  Constitution,
  ConstitutionCheck,
  ConstitutionTemplateRules,
  SetConstitutionInput,
  SetConstitutionResult,
} from './constitution.types.js';

/** A co-op's constitution: the templates, setting it out, and the check of the register and board against it. */
@Resolver(() => Constitution)
export class ConstitutionResolver {
  @Query(() => [ConstitutionTemplateRules], {
    description:
      'The rules of the four model constitutions (Brighton 40/40/20, Italian type A, Quebec solidarity, SCIC), ' +
      'to show before adopting one.',
  })
  constitutionTemplates(@Ctx() ctx: Context): ConstitutionTemplateRules[] {
    return ctx.services.constitutions.templates();
  }

  @Query(() => ConstitutionCheck, {
    description:
      'Every rule of the co-op’s constitution its register (members in force) and board (terms in force today) break, in words. ' +
      'Public for a published co-op; NOT_FOUND for one unknown or unpublished (but to its coordinators and admins), or without a ' +
      'constitution.',
  })
  constitutionCheck(@Ctx() ctx: Context, @Arg('providerId', () => ID, { description: 'The co-op (provider).' }) providerId: string) {
    return ctx.services.constitutions.check(ctx, providerId);
  }

  @Mutation(() => SetConstitutionResult, {
    description:
      'Sets out a co-op’s constitution from a template and what differs from it, replacing any before, and checks the register and ' +
      'board against it: the co-op’s coordinators, its secretary and admins. Motions already open keep the rules they opened under. ' +
      'BAD_USER_INPUT naming the argument for weights that do not add up to 100, a weight under one member one vote, a quorum or ' +
      'majority out of range, a share above 1 or with no denominator, more minimum board seats than seats, a class twice, more than ' +
      '7 classes, minimumClasses above the classes, a class the template requires left out; nothing is written.',
  })
  setConstitution(
    @Ctx() ctx: Context,
    @Arg('input', () => SetConstitutionInput, { description: 'The co-op, its template and its own rules.' }) input: SetConstitutionInput,
  ) {
    return ctx.services.constitutions.set(ctx, input);
  }
}

@Resolver(() => Provider)
export class ProviderConstitutionResolver {
  @FieldResolver(() => Constitution, {
    nullable: true,
    description: 'The co-op’s constitution as data (public, as its registered rules are); null when it has not set one out in coopcare.',
  })
  constitution(@Root() provider: Provider, @Ctx() ctx: Context): Promise<Constitution | null> {
    return ctx.loaders.get(constitutionByProviderId).load(provider.id);
  }
}
