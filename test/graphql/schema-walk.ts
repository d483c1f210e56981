import {
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';

// Walks the schema the way a curious employee would: every field of every type reachable from a root
// field, nested to a depth, then every value of the answer attributed to the type and field it came
// from, with the objects above it (so a rule can ask whose journey, whose assessment, whose email).

/** Fields a walk cannot select without inventing arguments; classified like any other, but not walked. */
export const needsArguments = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

const objectTypesOf = (schema: GraphQLSchema, type: GraphQLOutputType): GraphQLObjectType[] => {
  const named = getNamedType(type);
  if (isObjectType(named)) return [named];
  return isAbstractType(named) ? [...schema.getPossibleTypes(named)] : [];
};

/** Every object type reachable from the Query root, through any field (whatever its arguments). */
export function reachableTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  const seen = new Map<string, GraphQLObjectType>();
  const queue = Object.values(schema.getQueryType()!.getFields()).flatMap((f) => objectTypesOf(schema, f.type));
  while (queue.length) {
    const type = queue.shift()!;
    if (seen.has(type.name)) continue;
    seen.set(type.name, type);
    for (const field of Object.values(type.getFields())) queue.push(...objectTypesOf(schema, field.type));
  }
  return [...seen.values()];
}

/** Fields left out of a selection (those refused outright are walked on their own, so a refusal does not hide the rest). */
export type Skip = (type: string, field: string) => boolean;

/**
 * A selection of every field of `type` that needs no argument, objects nested `depth` levels deep, a
 * type at most twice on one path (so a journey's credential's journey is walked, not forever), and
 * `__typename` everywhere so the answer can be attributed.
 */
export function selectAll(schema: GraphQLSchema, type: GraphQLObjectType, depth: number, skip: Skip = () => false, path: string[] = [type.name]): string {
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    if (needsArguments(field) || skip(type.name, field.name)) continue;
    if (isLeafType(getNamedType(field.type))) {
      parts.push(field.name);
      continue;
    }
    const targets = objectTypesOf(schema, field.type).filter((t) => path.filter((p) => p === t.name).length < 2);
    if (depth === 0 || targets.length === 0) continue;
    const inner = targets.map((t) => `... on ${t.name} { ${selectAll(schema, t, depth - 1, skip, [...path, t.name])} }`);
    parts.push(`${field.name} { __typename ${inner.join(' ')} }`);
  }
  return parts.join(' ');
}

export interface Observation {
  type: string;
  field: string;
  value: unknown;
  /** The object holding the field, then the objects above it, nearest first. */
  objects: { type: string; value: Record<string, unknown> }[];
  path: string;
}

/** Every field value in an answer, attributed to its type and field. */
export function observe(schema: GraphQLSchema, value: unknown, path: string, objects: Observation['objects'] = []): Observation[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => observe(schema, item, `${path}[${i}]`, objects));
  if (!value || typeof value !== 'object' || typeof (value as { __typename?: unknown }).__typename !== 'string') return [];
  const object = value as Record<string, unknown>;
  const type = schema.getType(object.__typename as string) as GraphQLObjectType;
  const here = [{ type: type.name, value: object }, ...objects];
  return Object.entries(object).flatMap(([field, fieldValue]) => {
    if (field === '__typename') return [];
    const observation = { type: type.name, field, value: fieldValue, objects: here, path: `${path}.${field}` };
    const named = getNamedType(type.getFields()[field]!.type);
    return isLeafType(named) ? [observation] : [observation, ...observe(schema, fieldValue, `${path}.${field}`, here)];
  });
}
