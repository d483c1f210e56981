import type { Person } from '../../../prisma/client.js';
import type { PersonInput } from '../directory.js';

// People and groups as SCIM 2.0 resources (RFC 7643): the core User with the enterprise extension
// (employeeNumber, department, manager) and Certiflow's own extension (hire date, job level, the
// attributes admins declare), and back, accepting what Okta and Entra ID actually send.

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  certiflow: 'urn:ietf:params:scim:schemas:extension:certiflow:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** A SCIM error (RFC 7644 §3.12): the status, the scimType keyword where one fits, and what is wrong. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive',
  ) {
    super(message);
  }
}

export interface ScimUser {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name: { formatted: string; givenName?: string; familyName?: string };
  displayName: string;
  title?: string;
  active: boolean;
  emails: { value: string; type: string; primary: boolean }[];
  groups: { value: string; display: string; $ref: string }[];
  [SCHEMA.enterprise]: { employeeNumber?: string; department?: string; manager?: { value: string; $ref: string; displayName?: string } };
  [SCHEMA.certiflow]: Record<string, unknown>;
  meta: { resourceType: 'User'; created: Date; lastModified: Date; location: string; version: string };
}

type PersonWithLinks = Person & { manager?: { id: string; name: string } | null; groups?: { group: { id: string; displayName: string } }[] };

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);

/** `provisioned`: the declared attributes the identity provider owns (source scim); others stay HR's. */
export function toScimUser(person: PersonWithLinks, baseUrl: string, provisioned: ReadonlySet<string> = new Set()): ScimUser {
  const attributes = person.attributes as Record<string, unknown>;
  const extension: Record<string, unknown> = Object.fromEntries(Object.entries(attributes).filter(([name]) => provisioned.has(name)));
  if (person.hiredAt) extension.hireDate = dateOnly(person.hiredAt);
  if (person.roleLevel !== null) extension.roleLevel = person.roleLevel;
  return {
    schemas: [SCHEMA.user, SCHEMA.enterprise, SCHEMA.certiflow],
    id: person.id,
    ...(person.externalId ? { externalId: person.externalId } : {}),
    userName: person.userName ?? person.email,
    name: { formatted: person.name, ...(person.givenName ? { givenName: person.givenName } : {}), ...(person.familyName ? { familyName: person.familyName } : {}) },
    displayName: person.name,
    ...(person.title ? { title: person.title } : {}),
    active: !person.leftAt,
    emails: [{ value: person.email, type: 'work', primary: true }],
    groups: (person.groups ?? []).map(({ group }: { group: { id: string; displayName: string } }) => ({ value: group.id, display: group.displayName, $ref: `${baseUrl}/Groups/${group.id}` })),
    [SCHEMA.enterprise]: {
      ...(person.employeeNumber ? { employeeNumber: person.employeeNumber } : {}),
      ...(person.department ? { department: person.department } : {}),
      ...(person.manager ? { manager: { value: person.manager.id, $ref: `${baseUrl}/Users/${person.manager.id}`, displayName: person.manager.name } } : {}),
    },
    [SCHEMA.certiflow]: extension,
    meta: { resourceType: 'User', created: person.createdAt, lastModified: person.updatedAt, location: `${baseUrl}/Users/${person.id}`, version: `W/"${person.version}"` },
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Entra ID has sent booleans as the strings "True" and "False"; both forms mean the same. */
function booleanOf(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ScimError(400, `${path} must be true or false, not ${JSON.stringify(value)}.`, 'invalidValue');
}

function stringOf(value: unknown, path: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  throw new ScimError(400, `${path} must be a string, not ${JSON.stringify(value)}.`, 'invalidValue');
}

/** The manager is a reference ({ value }) in RFC 7643; Entra's PATCH sends the bare id. */
function managerOf(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (isObject(value)) return stringOf(value.value, `${SCHEMA.enterprise}:manager.value`) ?? null;
  throw new ScimError(400, `${SCHEMA.enterprise}:manager must be a reference { "value": id }.`, 'invalidValue');
}

function primaryEmail(emails: unknown): string | undefined {
  if (emails === undefined || emails === null) return undefined;
  if (!Array.isArray(emails)) throw new ScimError(400, 'emails must be a list of { value, type, primary }.', 'invalidValue');
  const chosen = emails.find((e) => isObject(e) && booleanOf(e.primary, 'emails.primary')) ?? emails.find((e) => isObject(e) && e.type === 'work') ?? emails[0];
  return isObject(chosen) ? (stringOf(chosen.value, 'emails.value') ?? undefined) : undefined;
}

function hireDateOf(value: unknown): Date | null | undefined {
  const text = stringOf(value, `${SCHEMA.certiflow}:hireDate`);
  if (text === undefined || text === null) return text;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new ScimError(400, `${SCHEMA.certiflow}:hireDate must be a date (YYYY-MM-DD), not "${text}".`, 'invalidValue');
  return date;
}

function roleLevelOf(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const level = typeof value === 'string' ? Number(value) : value;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1) {
    throw new ScimError(400, `${SCHEMA.certiflow}:roleLevel must be a whole number from 1, not ${JSON.stringify(value)}.`, 'invalidValue');
  }
  return level;
}

/**
 * What a SCIM User says about a person. `declared` are the admin-defined attributes that may arrive
 * in Certiflow's extension; anything else there is refused rather than silently dropped.
 */
export function fromScimUser(resource: unknown, declared: ReadonlySet<string> = new Set()): PersonInput & { userName: string } {
  if (!isObject(resource)) throw new ScimError(400, 'The body must be a SCIM User object.', 'invalidSyntax');
  refusePrototypeKeys(resource, 'User');
  const userName = stringOf(resource.userName, 'userName');
  if (!userName) throw new ScimError(400, 'userName is required.', 'invalidValue');
  const name = isObject(resource.name) ? resource.name : {};
  const givenName = stringOf(name.givenName, 'name.givenName');
  const familyName = stringOf(name.familyName, 'name.familyName');
  const email = primaryEmail(resource.emails) ?? (userName.includes('@') ? userName : undefined);
  if (!email) throw new ScimError(400, 'A user needs an email: emails[primary] or an email-shaped userName.', 'invalidValue');
  const displayName =
    stringOf(resource.displayName, 'displayName') || stringOf(name.formatted, 'name.formatted') || [givenName, familyName].filter(Boolean).join(' ') || userName;
  const enterprise = isObject(resource[SCHEMA.enterprise]) ? (resource[SCHEMA.enterprise] as Json) : {};
  const certiflow = isObject(resource[SCHEMA.certiflow]) ? (resource[SCHEMA.certiflow] as Json) : {};
  const { hireDate, roleLevel, ...custom } = certiflow;
  const undeclared = Object.keys(custom).find((key) => !declared.has(key));
  if (undeclared) throw new ScimError(400, `${SCHEMA.certiflow}:${undeclared} is not a declared person attribute.`, 'invalidPath');
  const active = booleanOf(resource.active, 'active');
  return {
    userName,
    email,
    name: displayName,
    givenName: givenName ?? null,
    familyName: familyName ?? null,
    externalId: stringOf(resource.externalId, 'externalId') ?? null,
    ...(resource.title !== undefined ? { title: stringOf(resource.title, 'title') ?? '' } : {}),
    ...(enterprise.department !== undefined ? { department: stringOf(enterprise.department, 'department') ?? '' } : {}),
    ...(enterprise.employeeNumber !== undefined ? { employeeNumber: stringOf(enterprise.employeeNumber, 'employeeNumber') ?? null } : {}),
    ...(enterprise.manager !== undefined ? { managerId: managerOf(enterprise.manager) ?? null } : {}),
    ...(hireDate !== undefined ? { hiredAt: hireDateOf(hireDate) ?? null } : {}),
    ...(roleLevel !== undefined ? { roleLevel: roleLevelOf(roleLevel) ?? null } : {}),
    ...(Object.keys(custom).length ? { attributes: custom } : {}),
    ...(active !== undefined ? { active } : {}),
  };
}

export interface ScimGroup {
  schemas: string[];
  id: string;
  externalId?: string;
  displayName: string;
  members?: { value: string; display: string; $ref: string }[];
  meta: { resourceType: 'Group'; created: Date; lastModified: Date; location: string };
}

export function toScimGroup(
  group: { id: string; displayName: string; externalId: string | null; createdAt: Date; updatedAt: Date; members?: { person: { id: string; name: string } }[] },
  baseUrl: string,
): ScimGroup {
  return {
    schemas: [SCHEMA.group],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(group.members ? { members: group.members.map(({ person }) => ({ value: person.id, display: person.name, $ref: `${baseUrl}/Users/${person.id}` })) } : {}),
    meta: { resourceType: 'Group', created: group.createdAt, lastModified: group.updatedAt, location: `${baseUrl}/Groups/${group.id}` },
  };
}

export function fromScimGroup(resource: unknown): { displayName: string; externalId: string | null; memberIds: string[] | undefined } {
  if (!isObject(resource)) throw new ScimError(400, 'The body must be a SCIM Group object.', 'invalidSyntax');
  refusePrototypeKeys(resource, 'Group');
  const displayName = stringOf(resource.displayName, 'displayName');
  if (!displayName) throw new ScimError(400, 'displayName is required.', 'invalidValue');
  const members = resource.members;
  if (members !== undefined && members !== null && !Array.isArray(members)) throw new ScimError(400, 'members must be a list of { value }.', 'invalidValue');
  const memberIds = members ? members.map((m, i) => (isObject(m) ? stringOf(m.value, `members[${i}].value`) : null) ?? '') : undefined;
  if (memberIds?.some((id) => !id)) throw new ScimError(400, 'Every member needs a value (the user id).', 'invalidValue');
  return { displayName, externalId: stringOf(resource.externalId, 'externalId') ?? null, memberIds };
}

/**
 * PATCH operations as the providers send them, made plain for the patch library: Entra ID writes the
 * op capitalised ("Replace") and may put extension attributes in a path-less value under their full
 * name ("urn:…:enterprise:2.0:User:department"); both become what RFC 7644 §3.5.2 spells out.
 */
type Operation = { op: 'add' | 'replace' | 'remove'; path?: string; value?: unknown };

/**
 * Names that reach an object's prototype. The patch library follows paths and keys as given, so one of
 * these in a path or anywhere in a value would change every object of the process: refused outright.
 */
const PROTOTYPE_KEYS = /(^|[^A-Za-z0-9_$])(__proto__|constructor|prototype)([^A-Za-z0-9_$]|$)/;

function refusePrototypeKeys(value: unknown, where: string, depth = 0): void {
  if (depth > 20) throw new ScimError(400, `${where} nests too deeply.`, 'invalidValue');
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) refusePrototypeKeys(item, `${where}[${i}]`, depth + 1);
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.test(key)) throw new ScimError(400, `${where}: "${key}" is not an attribute.`, 'invalidPath');
      refusePrototypeKeys(value[key], `${where}.${key}`, depth + 1);
    }
  }
}

/** Far more than any provider sends in one PATCH; bounds the work one request can ask for. */
const MAX_OPERATIONS = 1000;

export function normaliseOperations(body: unknown): Operation[] {
  if (!isObject(body) || !Array.isArray(body.schemas) || !body.schemas.includes(SCHEMA.patch)) {
    throw new ScimError(400, `A PATCH body lists "${SCHEMA.patch}" in schemas.`, 'invalidSyntax');
  }
  if (!Array.isArray(body.Operations) || body.Operations.length === 0) throw new ScimError(400, 'A PATCH body needs Operations.', 'invalidSyntax');
  if (body.Operations.length > MAX_OPERATIONS) throw new ScimError(400, `At most ${MAX_OPERATIONS} Operations in one PATCH.`, 'tooMany');
  refusePrototypeKeys(body.Operations, 'Operations');
  return body.Operations.flatMap((operation, index): Operation[] => {
    if (!isObject(operation) || typeof operation.op !== 'string') throw new ScimError(400, `Operations[${index}] needs an op.`, 'invalidSyntax');
    if (typeof operation.path === 'string' && PROTOTYPE_KEYS.test(operation.path)) throw new ScimError(400, `Operations[${index}].path "${operation.path}" is not an attribute.`, 'invalidPath');
    const op = operation.op.toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(400, `Operations[${index}].op "${operation.op}" is not add, replace or remove.`, 'invalidSyntax');
    const path = typeof operation.path === 'string' && operation.path ? operation.path : undefined;
    if (!path && op === 'remove') throw new ScimError(400, `Operations[${index}]: remove needs a path.`, 'noTarget');
    const value = operation.value;
    if (!path && op !== 'remove' && isObject(value)) return splitExtensionKeys(op, value).map(managerAsReference);
    // Entra removes members by listing them; each becomes a remove by id, as members carry more than the id.
    if (op === 'remove' && path?.toLowerCase() === 'members' && Array.isArray(value)) {
      return value.map((member) => ({ op, path: `members[value eq ${JSON.stringify(isObject(member) ? String(member.value) : String(member))}]` }));
    }
    return [managerAsReference({ op, ...(path ? { path } : {}), ...(value !== undefined ? { value } : {}) })];
  });
}

/** Entra sets the manager by its bare id; the resource holds a reference. */
function managerAsReference<T extends { path?: string; value?: unknown }>(operation: T): T {
  const isManager = operation.path?.toLowerCase() === `${SCHEMA.enterprise}:manager`.toLowerCase();
  return isManager && typeof operation.value === 'string' ? { ...operation, value: { value: operation.value } } : operation;
}

/**
 * A path-less value's extension attributes, whether written flat ("urn:…:User:department") or nested
 * under the schema's URN, become operations with that path: the patch library reads dots in a URN
 * ("2.0") as nesting, so it is handed paths it parses.
 */
function splitExtensionKeys(op: 'add' | 'replace', value: Json): { op: 'add' | 'replace'; path?: string; value: unknown }[] {
  const core: Json = {};
  const withPath: { op: 'add' | 'replace'; path: string; value: unknown }[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const extension = [SCHEMA.enterprise, SCHEMA.certiflow].find((urn) => key === urn || key.startsWith(`${urn}:`));
    if (!extension) core[key] = inner;
    else if (key !== extension) withPath.push({ op, path: key, value: inner });
    else if (isObject(inner)) for (const [attribute, v] of Object.entries(inner)) withPath.push({ op, path: `${extension}:${attribute}`, value: v });
  }
  return [...(Object.keys(core).length ? [{ op, value: core }] : []), ...withPath];
}
