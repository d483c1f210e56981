import { randomUUID } from 'node:crypto';
import { scimPatch, ScimError as PatchError, type ScimPatchOperation } from 'scim-patch';
import type { Result } from '../../../domain/errors.js';
import { ErrorCode } from '../../../domain/errors.js';
import type { PrismaClient } from '../../../prisma/client.js';
import type { Actor, PeopleDirectory } from '../directory.js';
import { groupWhere, userWhere } from './filters.js';
import { fromScimGroup, fromScimUser, normaliseOperations, SCHEMA, ScimError, type ScimGroup, type ScimUser, toScimGroup, toScimUser } from './resources.js';

// SCIM 2.0 provisioning (RFC 7644) over the people directory: what an identity provider's calls do to
// people and groups. Every change goes through the directory, so it is versioned, audited and followed
// by what a leaver or a new manager needs. Errors are ScimErrors, which the edge writes in SCIM's format.

export const MAX_PAGE = 200;
/** A group of more than this is not a Certiflow role group; it bounds the work of one request. */
const MAX_MEMBERS = 10_000;

export interface ListQuery {
  filter?: string;
  startIndex?: number;
  count?: number;
}

export interface ListResponse<T> {
  schemas: [typeof SCHEMA.list];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

const USER_LINKS = {
  manager: { select: { id: true, name: true } },
  groups: { select: { group: { select: { id: true, displayName: true } } } },
} as const;

const existing = { deletedAt: null, erasedAt: null } as const;

/** The directory's refusals as SCIM errors: a clash on a unique field is 409 uniqueness. */
function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const { code, message, path } = result.error;
  if (code === ErrorCode.NotFound && path === 'id') throw new ScimError(404, message);
  if (code === ErrorCode.Conflict) throw new ScimError(409, message, 'uniqueness');
  throw new ScimError(400, path ? `${path}: ${message}` : message, 'invalidValue');
}

function page(query: ListQuery): { skip: number; take: number; startIndex: number } {
  const startIndex = Math.max(1, Math.floor(query.startIndex ?? 1));
  const take = Math.min(MAX_PAGE, Math.max(0, Math.floor(query.count ?? 100)));
  return { skip: startIndex - 1, take, startIndex };
}

function patched<T extends { meta: unknown; schemas: string[] }>(resource: T, body: unknown): T {
  try {
    return scimPatch(resource as never, normaliseOperations(body) as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true }) as T;
  } catch (error) {
    if (error instanceof PatchError) throw new ScimError(400, error.message, (error.scimCode as ScimError['scimType']) ?? 'invalidValue');
    throw error;
  }
}

export function createScimService({ prisma, directory }: { prisma: PrismaClient; directory: PeopleDirectory }) {
  // Only attributes declared with source scim are the identity provider's to read and write; the
  // others (from HR imports) are neither shown here nor changed by a PUT or PATCH.
  const declaredAttributes = async () => new Set((await prisma.personAttribute.findMany({ where: { source: 'scim' }, select: { name: true } })).map((a) => a.name));

  /** What the provider sent for its attributes, with HR's attributes of the person kept as they are. */
  const withHrAttributes = (person: { attributes: unknown }, provisioned: ReadonlySet<string>, sent: Record<string, unknown> | undefined) => {
    const kept = Object.entries(person.attributes as Record<string, unknown>).filter(([name]) => !provisioned.has(name));
    return { ...Object.fromEntries(kept), ...(sent ?? {}) };
  };

  async function findUser(id: string) {
    const person = await prisma.person.findFirst({ where: { id, ...existing }, include: USER_LINKS });
    if (!person) throw new ScimError(404, `No user ${id}.`);
    return person;
  }

  async function findGroup(id: string, withMembers = true) {
    const group = await prisma.directoryGroup.findUnique({
      where: { id },
      include: withMembers ? { members: { select: { person: { select: { id: true, name: true } } }, orderBy: { personId: 'asc' } } } : undefined,
    });
    if (!group) throw new ScimError(404, `No group ${id}.`);
    return group;
  }

  /** Replaces a group's members with `memberIds`; the roles of everyone added or removed follow. */
  async function writeGroup(id: string | null, input: ReturnType<typeof fromScimGroup>, actor: Actor): Promise<string> {
    return prisma.$transaction(async (tx) => {
      const clash = await tx.directoryGroup.findFirst({ where: { displayName: input.displayName, ...(id ? { id: { not: id } } : {}) }, select: { id: true } });
      if (clash) throw new ScimError(409, `A group named "${input.displayName}" exists already.`, 'uniqueness');
      const group = id
        ? await tx.directoryGroup.update({ where: { id }, data: { displayName: input.displayName, externalId: input.externalId } })
        : await tx.directoryGroup.create({ data: { id: randomUUID(), displayName: input.displayName, externalId: input.externalId } });
      const before = (await tx.directoryGroupMember.findMany({ where: { groupId: group.id }, select: { personId: true } })).map((m) => m.personId);
      const after = input.memberIds ? [...new Set(input.memberIds)] : before;
      if (after.length > MAX_MEMBERS) throw new ScimError(400, `At most ${MAX_MEMBERS} members in one group.`, 'tooMany');
      const known = new Set((await tx.person.findMany({ where: { id: { in: after }, ...existing }, select: { id: true } })).map((p) => p.id));
      const unknown = after.filter((personId) => !known.has(personId));
      if (unknown.length) throw new ScimError(400, `members: no user ${unknown.join(', ')}.`, 'invalidValue');
      const had = new Set(before);
      const has = new Set(after);
      const added = after.filter((p) => !had.has(p));
      const removed = before.filter((p) => !has.has(p));
      if (removed.length) await tx.directoryGroupMember.deleteMany({ where: { groupId: group.id, personId: { in: removed } } });
      if (added.length) await tx.directoryGroupMember.createMany({ data: added.map((personId) => ({ groupId: group.id, personId })) });
      // A renamed group may map to other roles, so everyone in it is looked at again.
      await directory.refreshRoles(tx, [...after, ...removed], actor);
      return group.id;
    });
  }

  return {
    async listUsers(query: ListQuery, baseUrl: string): Promise<ListResponse<ScimUser>> {
      const provisioned = await declaredAttributes();
      const where = { AND: [existing, userWhere(query.filter)] };
      const { skip, take, startIndex } = page(query);
      const [total, people] = await Promise.all([
        prisma.person.count({ where }),
        take ? prisma.person.findMany({ where, include: USER_LINKS, orderBy: { createdAt: 'asc' }, skip, take }) : Promise.resolve([]),
      ]);
      return { schemas: [SCHEMA.list], totalResults: total, startIndex, itemsPerPage: people.length, Resources: people.map((p) => toScimUser(p, baseUrl, provisioned)) };
    },

    async getUser(id: string, baseUrl: string): Promise<ScimUser> {
      return toScimUser(await findUser(id), baseUrl, await declaredAttributes());
    },

    async createUser(body: unknown, actor: Actor, baseUrl: string): Promise<ScimUser> {
      const provisioned = await declaredAttributes();
      const input = fromScimUser(body, provisioned);
      const person = unwrap(await directory.create({ ...input, email: input.email!, name: input.name! }, actor));
      return toScimUser(await findUser(person.id), baseUrl, provisioned);
    },

    /** PUT replaces the resource: attributes left out are cleared (RFC 7644 §3.5.1), except read-only ones. */
    async replaceUser(id: string, body: unknown, actor: Actor, baseUrl: string): Promise<ScimUser> {
      const person = await findUser(id);
      const provisioned = await declaredAttributes();
      const input = fromScimUser(body, provisioned);
      const cleared = { employeeNumber: null, managerId: null, title: '', department: '', active: true, ...input, attributes: withHrAttributes(person, provisioned, input.attributes) };
      unwrap(await directory.update(id, cleared, actor));
      return toScimUser(await findUser(id), baseUrl, provisioned);
    },

    async patchUser(id: string, body: unknown, actor: Actor, baseUrl: string): Promise<ScimUser> {
      const person = await findUser(id);
      const provisioned = await declaredAttributes();
      const current = toScimUser(person, baseUrl, provisioned);
      const next = patched(current, body);
      const input = fromScimUser(next, provisioned);
      // What the patch did not touch reads back as it was; only real changes become a version.
      unwrap(await directory.update(id, { ...input, managerId: input.managerId ?? null, attributes: withHrAttributes(person, provisioned, input.attributes) }, actor));
      return toScimUser(await findUser(id), baseUrl, provisioned);
    },

    async deleteUser(id: string, actor: Actor): Promise<void> {
      unwrap(await directory.remove(id, actor));
    },

    async listGroups(query: ListQuery & { excludeMembers?: boolean }, baseUrl: string): Promise<ListResponse<ScimGroup>> {
      const where = groupWhere(query.filter);
      const { skip, take, startIndex } = page(query);
      const [total, groups] = await Promise.all([
        prisma.directoryGroup.count({ where }),
        take
          ? prisma.directoryGroup.findMany({
              where,
              include: query.excludeMembers ? undefined : { members: { select: { person: { select: { id: true, name: true } } }, orderBy: { personId: 'asc' } } },
              orderBy: { createdAt: 'asc' },
              skip,
              take,
            })
          : Promise.resolve([]),
      ]);
      return { schemas: [SCHEMA.list], totalResults: total, startIndex, itemsPerPage: groups.length, Resources: groups.map((g) => toScimGroup(g, baseUrl)) };
    },

    async getGroup(id: string, baseUrl: string, excludeMembers = false): Promise<ScimGroup> {
      return toScimGroup(await findGroup(id, !excludeMembers), baseUrl);
    },

    async createGroup(body: unknown, actor: Actor, baseUrl: string): Promise<ScimGroup> {
      const id = await writeGroup(null, fromScimGroup(body), actor);
      return toScimGroup(await findGroup(id), baseUrl);
    },

    async replaceGroup(id: string, body: unknown, actor: Actor, baseUrl: string): Promise<ScimGroup> {
      await findGroup(id, false);
      const input = fromScimGroup(body);
      await writeGroup(id, { ...input, memberIds: input.memberIds ?? [] }, actor);
      return toScimGroup(await findGroup(id), baseUrl);
    },

    async patchGroup(id: string, body: unknown, actor: Actor, baseUrl: string): Promise<ScimGroup> {
      const current = toScimGroup(await findGroup(id), baseUrl);
      const next = patched({ ...current, members: current.members ?? [] }, body);
      await writeGroup(id, fromScimGroup({ ...next, members: next.members ?? [] }), actor);
      return toScimGroup(await findGroup(id), baseUrl);
    },

    async deleteGroup(id: string, actor: Actor): Promise<void> {
      await findGroup(id, false);
      await prisma.$transaction(async (tx) => {
        const members = await tx.directoryGroupMember.findMany({ where: { groupId: id }, select: { personId: true } });
        await tx.directoryGroup.delete({ where: { id } });
        await directory.refreshRoles(tx, members.map((m) => m.personId), actor);
      });
    },
  };
}

export type ScimService = ReturnType<typeof createScimService>;
