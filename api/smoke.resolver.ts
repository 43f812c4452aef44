import { Query, Resolver } from 'type-graphql';
@Resolver()
export class SmokeResolver {
  @Query(() => String)
  hello(): string { return 'hi'; }
}
