// The Prisma query a mutation's answer is read with. A mutation with typed errors answers a union: when
// the client selects only `__typename` or the error branch, Pothos hands the success object's resolver an
// empty `select`, which Prisma refuses ("at least one field"), and the client was told of an internal
// error although the mutation had acted. The id is read then: one column, and the answer stands.

export function answerQuery<Q extends object>(query: Q): Q {
  const select = (query as { select?: object }).select;
  return select && Object.keys(select).length === 0 ? { ...query, select: { id: true } } : query;
}
