import type { NonEmptyArray } from 'type-graphql';
import { SmokeResolver } from './smoke.resolver.js';

/** Every resolver class, by domain. */
export const resolvers: NonEmptyArray<Function> = [SmokeResolver];
