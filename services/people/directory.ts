import { randomUUID } from 'node:crypto';
import { isEmailAddress } from '../../domain/email.js';
import { ErrorCode, fail, ok, type Result } from '../../domain/errors.js';
import { Role } from '../../domain/viewer.js';
import type { Person, Prisma, PrismaClient } from '../../prisma/client.js';

// The people directory: every change to a person, whatever brings it (the identity provider over SCIM,
// an HR export, the demo, an admin), goes through here, so each gets a version and an audit row, and
// what follows from it happens once: a leaver's journeys end, a new manager takes pending approvals,
// group changes recompute roles.

/** Who made a change and through what. */
export interface Actor {
  id: string;
  source: 'scim' | 'csv' | 'demo' | 'admin' | 'portal' | 'system';
}

/** What a source says about a person; a field left undefined is not said and keeps its value. */
export interface PersonInput {
  email?: string;
  name?: string;
  givenName?: string | null;
  familyName?: string | null;
  userName?: string | null;
  externalId?: string | null;
  employeeNumber?: string | null;
  department?: string;
  title?: string;
  managerId?: string | null;
  hiredAt?: Date | null;
  roleLevel?: number | null;
  attributes?: Record<string, unknown>;
  active?: boolean;
  assignedRoles?: string[];
  mentorCapacity?: number;
}

/**
 * What follows a change: a durable workflow is started before the change commits, so either both
 * happen or neither does (the source then gets an error and sends the change again). Idempotent by
 * person and version: a repeated start finds the same workflow.
 */
export interface DirectoryEffects {
  /** The person left, or has a new manager: journeys are told, a leaver's data erased after retention. */
  changed(change: { personId: string; version: number; leftAt: Date | null; managerChanged: boolean }): Promise<void>;
}

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * One row of a person's audit trail: every writer of PersonAudit comes through here. `version` is the
 * person's version the row belongs to; left out, the person's current one (changes beside the person's
 * own fields: learning records, demographics).
 */
export async function recordPersonAudit(
  db: Pick<Prisma.TransactionClient, 'person' | 'personAudit'>,
  row: { personId: string; actor: Actor; action: string; changes: object; version?: number },
): Promise<void> {
  const version = row.version ?? (await db.person.findUniqueOrThrow({ where: { id: row.personId }, select: { version: true } })).version;
  const { personId, actor, action, changes } = row;
  await db.personAudit.create({ data: { personId, version, actor: actor.id, source: actor.source, action, changes: changes as Prisma.InputJsonValue } });
}

const AUDITED: readonly (keyof PersonInput & keyof Person)[] = [
  'email',
  'name',
  'givenName',
  'familyName',
  'userName',
  'externalId',
  'employeeNumber',
  'department',
  'title',
  'managerId',
  'hiredAt',
  'roleLevel',
  'attributes',
  'assignedRoles',
  'mentorCapacity',
];

const ROLES = new Set<string>(Object.values(Role));

/** Everyone can be a candidate; other roles come from groups or are given on purpose. */
export const DEFAULT_ROLES = [Role.Candidate];

/** Values as comparable text: dates as instants, objects with their keys in order (a resent record may list them differently). */
const comparable = (value: unknown): string =>
  JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null), (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

function changesBetween(before: Partial<Person>, input: PersonInput): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of AUDITED) {
    const to = input[field];
    if (to === undefined) continue;
    const from = before[field] ?? null;
    if (comparable(from) !== comparable(to)) changes[field] = { from: from instanceof Date ? from.toISOString() : from, to: to instanceof Date ? to.toISOString() : to };
  }
  return changes;
}

function checkInput(input: PersonInput): Result<PersonInput> {
  if (input.email !== undefined && !isEmailAddress(input.email.trim())) return fail(ErrorCode.InvalidInput, `"${input.email}" is not an email address.`, 'email');
  if (input.name !== undefined && !input.name.trim()) return fail(ErrorCode.InvalidInput, 'A person needs a name.', 'name');
  if (input.roleLevel != null && (!Number.isInteger(input.roleLevel) || input.roleLevel < 1)) {
    return fail(ErrorCode.InvalidInput, `roleLevel must be a whole number from 1, not ${input.roleLevel}.`, 'roleLevel');
  }
  const unknown = input.assignedRoles?.find((role) => !ROLES.has(role));
  if (unknown) return fail(ErrorCode.InvalidInput, `"${unknown}" is not a Certiflow role (${[...ROLES].join(', ')}).`, 'assignedRoles');
  return ok({ ...input, ...(input.email !== undefined ? { email: input.email.trim().toLowerCase() } : {}) });
}

/** The roles a person holds: those given directly and those their groups map to. */
async function effectiveRoles(tx: Prisma.TransactionClient, personId: string, assigned: string[]): Promise<string[]> {
  const groups = await tx.directoryGroupMember.findMany({ where: { personId }, select: { group: { select: { displayName: true } } } });
  const mappings = groups.length
    ? await tx.groupRoleMapping.findMany({ where: { groupName: { in: groups.map((g) => g.group.displayName) } } })
    : [];
  return [...new Set([...assigned, ...mappings.flatMap((m) => m.roles)])].sort();
}

export function createPeopleDirectory({ prisma, effects }: { prisma: PrismaClient; effects?: DirectoryEffects }) {
  /** Unique fields another person already has: the source gets a clear conflict instead of a database error. */
  async function clash(tx: Prisma.TransactionClient, input: PersonInput, exceptId?: string): Promise<string | null> {
    const unique = (['email', 'userName', 'externalId'] as const).filter((field) => input[field] != null);
    if (!unique.length) return null;
    const other = await tx.person.findFirst({
      where: { id: exceptId ? { not: exceptId } : undefined, OR: unique.map((field) => ({ [field]: input[field] })) },
      select: { email: true, userName: true, externalId: true },
    });
    if (!other) return null;
    return unique.find((field) => other[field] === input[field]) ?? unique[0]!;
  }

  async function managerExists(tx: Prisma.TransactionClient, personId: string, managerId: string | null | undefined): Promise<Result<null>> {
    if (!managerId) return ok(null);
    if (managerId === personId) return fail(ErrorCode.InvalidInput, 'A person cannot be their own manager.', 'managerId');
    const manager = await tx.person.findUnique({ where: { id: managerId }, select: { id: true, deletedAt: true } });
    return manager && !manager.deletedAt ? ok(null) : fail(ErrorCode.InvalidInput, `No person ${managerId} to be the manager.`, 'managerId');
  }

  const audit = (tx: Prisma.TransactionClient, personId: string, version: number, actor: Actor, action: string, changes: object) =>
    recordPersonAudit(tx, { personId, version, actor, action, changes });

  /** Called inside the change's transaction: a failed start rolls the change back. */
  async function followUp(before: Person | null, after: Person): Promise<void> {
    const left = !!after.leftAt && !before?.leftAt;
    const managerChanged = !!before && before.managerId !== after.managerId && !after.leftAt;
    if (effects && (left || managerChanged)) await effects.changed({ personId: after.id, version: after.version, leftAt: left ? after.leftAt : null, managerChanged });
  }

  const directory = {
    /** A new person. `tx` lets an import create many in one transaction; effects then run after it commits. */
    async create(input: PersonInput & { email: string; name: string }, actor: Actor, options: { id?: string; tx?: Prisma.TransactionClient; quiet?: boolean } = {}): Promise<Result<Person>> {
      const checked = checkInput(input);
      if (!checked.ok) return checked;
      const data = checked.value as PersonInput & { email: string; name: string };
      const run = async (tx: Prisma.TransactionClient): Promise<Result<Person>> => {
        const taken = await clash(tx, data);
        if (taken) return fail(ErrorCode.Conflict, `Another person already has this ${taken}.`, taken);
        const id = options.id ?? randomUUID();
        const managerOk = await managerExists(tx, id, data.managerId);
        if (!managerOk.ok) return managerOk;
        const assignedRoles = data.assignedRoles ?? DEFAULT_ROLES;
        const { active, attributes, ...fields } = data;
        const person = await tx.person.create({
          data: {
            ...fields,
            id,
            department: data.department ?? '',
            title: data.title ?? '',
            assignedRoles,
            roles: assignedRoles,
            source: actor.source,
            ...(attributes ? { attributes: attributes as Prisma.InputJsonValue } : {}),
            ...(active === false ? { leftAt: new Date() } : {}),
          },
        });
        await audit(tx, id, 1, actor, 'created', changesBetween({}, { ...data, assignedRoles }));
        // Someone who arrives already gone (a leaver in an HR export) still has their data erased in time.
        if (!options.quiet) await followUp(null, person);
        return ok(person);
      };
      return options.tx ? run(options.tx) : prisma.$transaction(run);
    },

    /**
     * Changes what the source says. Unchanged input changes nothing (no version, no audit row): sources
     * re-send whole records, and re-sending must be harmless. Deactivation sets the leaving date once.
     */
    /** `quiet`: nothing follows (a dry run, rolled back before it commits, must not start workflows). */
    async update(personId: string, input: PersonInput, actor: Actor, options: { tx?: Prisma.TransactionClient; quiet?: boolean } = {}): Promise<Result<{ before: Person; person: Person; changes: FieldChanges }>> {
      const checked = checkInput(input);
      if (!checked.ok) return checked;
      const data = checked.value;
      const run = async (tx: Prisma.TransactionClient): Promise<Result<{ before: Person; person: Person; changes: FieldChanges }>> => {
        const before = await tx.person.findUnique({ where: { id: personId } });
        if (!before || before.deletedAt) return fail(ErrorCode.NotFound, `No person ${personId}.`, 'id');
        if (before.erasedAt) return fail(ErrorCode.NotAllowedInStage, `Person ${personId} was erased after leaving; provision them as a new person.`, 'id');
        const taken = await clash(tx, data, personId);
        if (taken) return fail(ErrorCode.Conflict, `Another person already has this ${taken}.`, taken);
        const managerOk = await managerExists(tx, personId, data.managerId);
        if (!managerOk.ok) return managerOk;
        const changes = changesBetween(before, data);
        const leaving = data.active === false && !before.leftAt;
        const returning = data.active === true && !!before.leftAt;
        if (leaving) changes.active = { from: true, to: false };
        if (returning) changes.active = { from: false, to: true };
        if (!Object.keys(changes).length) return ok({ before, person: before, changes });
        const { active: _active, attributes, ...fields } = data;
        const assigned = data.assignedRoles ?? before.assignedRoles;
        const person = await tx.person.update({
          where: { id: personId },
          data: {
            ...fields,
            ...(attributes ? { attributes: attributes as Prisma.InputJsonValue } : {}),
            ...(data.assignedRoles ? { roles: await effectiveRoles(tx, personId, assigned) } : {}),
            ...(leaving ? { leftAt: new Date() } : returning ? { leftAt: null } : {}),
            version: { increment: 1 },
          },
        });
        await audit(tx, personId, person.version, actor, leaving ? 'deactivated' : returning ? 'reactivated' : 'updated', changes);
        if (!options.quiet) await followUp(before, person);
        return ok({ before, person, changes });
      };
      return options.tx ? run(options.tx) : prisma.$transaction(run);
    },

    /** SCIM DELETE: the person leaves and stops being a directory resource; their history stays. */
    async remove(personId: string, actor: Actor): Promise<Result<Person>> {
      const removed = await prisma.$transaction(async (tx): Promise<Result<Person>> => {
        const before = await tx.person.findUnique({ where: { id: personId } });
        if (!before || before.deletedAt) return fail(ErrorCode.NotFound, `No person ${personId}.`, 'id');
        const leftAt = before.leftAt ?? new Date();
        await tx.directoryGroupMember.deleteMany({ where: { personId } });
        const person = await tx.person.update({
          where: { id: personId },
          data: { deletedAt: new Date(), leftAt, externalId: null, userName: null, roles: before.assignedRoles, version: { increment: 1 } },
        });
        await audit(tx, personId, person.version, actor, 'deleted', { active: { from: !before.leftAt, to: false } });
        await followUp(before, person);
        return ok(person);
      });
      return removed;
    },

    /**
     * Recomputes the roles of these people from what was given and their groups; a change of roles is a
     * change of the person like any other: a new version and an audit row saying who caused it.
     */
    async refreshRoles(tx: Prisma.TransactionClient, personIds: string[], actor: Actor): Promise<void> {
      for (const personId of new Set(personIds)) {
        const person = await tx.person.findUnique({ where: { id: personId }, select: { assignedRoles: true, roles: true } });
        if (!person) continue;
        const roles = await effectiveRoles(tx, personId, person.assignedRoles);
        const before = [...person.roles].sort();
        if (comparable(roles) === comparable(before)) continue;
        const updated = await tx.person.update({ where: { id: personId }, data: { roles, version: { increment: 1 } } });
        await audit(tx, personId, updated.version, actor, 'roles', { roles: { from: before, to: roles } });
      }
    },

    /** Which roles a directory group gives; members' roles are recomputed at once. */
    async mapGroupRoles(groupName: string, roles: string[], by: string): Promise<Result<{ groupName: string; roles: string[] }>> {
      const unknown = roles.find((role) => !ROLES.has(role));
      if (unknown) return fail(ErrorCode.InvalidInput, `"${unknown}" is not a Certiflow role (${[...ROLES].join(', ')}).`, 'roles');
      const sorted = [...new Set(roles)].sort();
      await prisma.$transaction(async (tx) => {
        if (sorted.length) await tx.groupRoleMapping.upsert({ where: { groupName }, create: { groupName, roles: sorted, updatedBy: by }, update: { roles: sorted, updatedBy: by } });
        else await tx.groupRoleMapping.deleteMany({ where: { groupName } });
        const members = await tx.directoryGroupMember.findMany({ where: { group: { displayName: groupName } }, select: { personId: true } });
        await directory.refreshRoles(tx, members.map((m) => m.personId), { id: by, source: 'admin' });
      });
      return ok({ groupName, roles: sorted });
    },

    async history(personId: string) {
      return prisma.personAudit.findMany({ where: { personId }, orderBy: [{ version: 'asc' }, { at: 'asc' }] });
    },
  };
  return directory;
}

export type PeopleDirectory = ReturnType<typeof createPeopleDirectory>;
