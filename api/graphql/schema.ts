import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { ClassType } from '../common/module.js';
import { authChecker } from '../auth/auth-checker.js';
import { resolvers } from '../modules.js';

let built: Promise<GraphQLSchema> | undefined;

/** The code-first schema; built once per process (type-graphql's metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: resolvers as [ClassType, ...ClassType[]],
    validate: false,
    emitSchemaFile: false,
    authChecker,
    authMode: 'error',
  });
  return built;
}

/** The SDL committed at schema/schema.graphql, sorted so its diffs stay readable. */
export async function printSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
